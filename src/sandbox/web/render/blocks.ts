import { attrs, domId, esc } from './html';
import { type MrkdwnContext, mrkdwnToHtml } from './mrkdwn';

export interface Choice {
  value: string;
  label: string;
}

/** What rendering a surface's blocks needs besides the blocks. */
export interface BlockContext {
  mrkdwn: MrkdwnContext;
  /** Whom a users_select offers: the workspace's active people. */
  people: readonly Choice[];
  /** What a conversations or channels select offers. */
  channels: readonly Choice[];
  /**
   * Where the blocks are. In messages and the Home tab every element sends its action at once; in
   * a modal, inputs wait for Submit (unless `dispatch_action`) and actions blocks send at once.
   */
  surface: 'message' | 'home' | 'modal';
  /** Makes element ids unique on the page (e.g. the message ts or the view id). */
  idPrefix: string;
  /** Field errors by block id (a modal after `response_action: errors`). */
  errors?: Readonly<Record<string, string>>;
  /** The conversation shown, for `default_to_current_conversation`. */
  currentConversation?: string;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A text object (plain_text or mrkdwn) as HTML. */
export function textHtml(value: unknown, ctx: BlockContext): string {
  const t = obj(value);
  const text = str(t?.text) ?? '';
  return t?.type === 'mrkdwn' ? mrkdwnToHtml(text, ctx.mrkdwn) : esc(text).replace(/\n/g, '<br>');
}

/** A text object's plain words (labels, aria-labels, option names). */
function plainOf(value: unknown): string {
  return str(obj(value)?.text) ?? '';
}

/** Block Kit blocks as HTML; the client turns clicks and choices into Slack's payloads. */
export function renderBlocks(blocks: readonly unknown[], ctx: BlockContext): string {
  return blocks.map((block, index) => renderBlock(obj(block) ?? {}, index, ctx)).join('');
}

function renderBlock(block: Json, index: number, ctx: BlockContext): string {
  const blockId = str(block.block_id) ?? `b${index}`;
  const at = { blockId, index, ctx };
  switch (block.type) {
    case 'header':
      return `<div class="bk-header" role="heading" aria-level="3">${textHtml(block.text, ctx)}</div>`;
    case 'divider':
      return '<hr class="bk-divider">';
    case 'section':
      return section(block, at);
    case 'context':
      return `<div class="bk-context">${list(block.elements)
        .map((el) => contextElement(obj(el) ?? {}, ctx))
        .join('')}</div>`;
    case 'actions':
      return `<div class="bk-actions" role="group" aria-label="Actions">${list(block.elements)
        .map((el, i) => element(obj(el) ?? {}, { ...at, index: i }, { dispatch: true }))
        .join('')}</div>`;
    case 'input':
      return input(block, at);
    case 'image':
      return `<figure class="bk-image">${imagePlaceholder(block)}${block.title ? `<figcaption>${textHtml(block.title, ctx)}</figcaption>` : ''}</figure>`;
    case 'rich_text':
      return `<div class="bk-rich">${list(block.elements)
        .map((el) => richText(obj(el) ?? {}, ctx))
        .join('')}</div>`;
    default:
      return `<div class="bk-unknown">Block this page does not show: ${esc(String(block.type ?? '?'))}</div>`;
  }
}

interface Placement {
  blockId: string;
  index: number;
  ctx: BlockContext;
}

function section(block: Json, at: Placement): string {
  const fields = list(block.fields);
  const accessory = obj(block.accessory);
  const body = [
    block.text ? `<div class="bk-text">${textHtml(block.text, at.ctx)}</div>` : '',
    fields.length > 0
      ? `<div class="bk-fields">${fields.map((f) => `<div class="bk-field">${textHtml(f, at.ctx)}</div>`).join('')}</div>`
      : '',
  ].join('');
  const side = accessory
    ? `<div class="bk-accessory">${element(accessory, { ...at, index: 0 }, { dispatch: true, label: plainOf(block.text) })}</div>`
    : '';
  return `<div class="bk-section"><div class="bk-section-body">${body}</div>${side}</div>`;
}

function input(block: Json, at: Placement): string {
  const el = obj(block.element) ?? {};
  const id = domId(at.ctx.idPrefix, at.blockId);
  const error = at.ctx.errors?.[at.blockId];
  const hint = block.hint ? `<p class="bk-hint" id="${id}-hint">${textHtml(block.hint, at.ctx)}</p>` : '';
  const errorHtml = error ? `<p class="bk-error" id="${id}-error" role="alert">${esc(error)}</p>` : '';
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const optional = block.optional === true;
  const label = `<label class="bk-label" id="${id}-label" for="${id}-el">${esc(plainOf(block.label))}${
    optional ? ' <span class="bk-optional">(optional)</span>' : ''
  }</label>`;
  const control = element(
    el,
    { ...at, index: 0 },
    {
      dispatch: at.ctx.surface !== 'modal' || block.dispatch_action === true,
      id: `${id}-el`,
      labelledBy: `${id}-label`,
      describedBy,
      invalid: Boolean(error),
      required: !optional,
    },
  );
  return `<div class="bk-input${error ? ' has-error' : ''}" data-input-block="${esc(at.blockId)}"${attrs({
    'data-optional': optional,
  })}>${label}${control}${errorHtml}${hint}</div>`;
}

interface ElementOptions {
  /** Send the action as soon as it is used (not inside a modal's input). */
  dispatch: boolean;
  id?: string;
  /** The label's element id (an input block's label). */
  labelledBy?: string;
  /** Words for an accessible name when there is no label (a section's text for its accessory). */
  label?: string;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
}

function element(el: Json, at: Placement, opts: ElementOptions): string {
  const type = str(el.type) ?? '?';
  const actionId = str(el.action_id) ?? `${type}-${at.index}`;
  const id = opts.id ?? domId(at.ctx.idPrefix, at.blockId, actionId);
  const placeholder = plainOf(el.placeholder);
  const name = opts.labelledBy ? undefined : placeholder || opts.label || DEFAULT_NAMES[type] || type;
  const common = attrs({
    id,
    'data-el': true,
    'data-type': type,
    'data-block-id': at.blockId,
    'data-action-id': actionId,
    'data-dispatch': opts.dispatch,
    'aria-label': name,
    'aria-describedby': opts.describedBy || undefined,
    'aria-invalid': opts.invalid ? 'true' : undefined,
  });
  const required = attrs({ required: opts.required });
  switch (type) {
    case 'button':
      return button(el, common, at.ctx);
    case 'users_select':
    case 'multi_users_select':
      return select(common + required, type.startsWith('multi'), placeholder || 'Pick a person', at.ctx.people, [
        ...list(el.initial_users),
        el.initial_user,
      ]);
    case 'conversations_select':
    case 'channels_select':
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const current = el.default_to_current_conversation === true ? at.ctx.currentConversation : undefined;
      const initial = [
        el.initial_conversation,
        el.initial_channel,
        ...list(el.initial_conversations),
        ...list(el.initial_channels),
        current,
      ];
      return select(
        common + required,
        type.startsWith('multi'),
        placeholder || 'Pick a channel',
        at.ctx.channels,
        initial,
      );
    }
    case 'static_select':
    case 'multi_static_select':
      return staticSelect(el, common + required, type === 'multi_static_select', placeholder || 'Pick one');
    case 'overflow':
      return `<select${common} class="bk-overflow"><option value="">⋯</option>${optionsHtml(list(el.options), [])}</select>`;
    case 'datepicker':
      return `<input type="date" class="bk-field-input"${common}${required}${attrs({ value: str(el.initial_date) })}>`;
    case 'timepicker':
      return `<input type="time" class="bk-field-input"${common}${required}${attrs({ value: str(el.initial_time) })}>`;
    case 'datetimepicker': {
      const initial =
        typeof el.initial_date_time === 'number'
          ? new Date(el.initial_date_time * 1000).toISOString().slice(0, 16)
          : undefined;
      return `<input type="datetime-local" class="bk-field-input"${common}${required}${attrs({ value: initial })}>`;
    }
    case 'checkboxes':
    case 'radio_buttons':
      return choices(el, type, at, opts);
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return textInput(el, type, common + required);
    case 'image':
      return imagePlaceholder(el);
    default:
      return `<span class="bk-unknown">Element this page does not show: ${esc(type)}</span>`;
  }
}

const DEFAULT_NAMES: Record<string, string> = {
  overflow: 'More actions',
  datepicker: 'Pick a date',
  timepicker: 'Pick a time',
  datetimepicker: 'Pick a date and time',
  checkboxes: 'Options',
  radio_buttons: 'Options',
};

function button(el: Json, common: string, ctx: BlockContext): string {
  const style = el.style === 'primary' || el.style === 'danger' ? ` bk-${el.style}` : '';
  const label = plainOf(el.text);
  // A button's name is its text; the aria-label from `common` would only repeat it.
  const own = common.replace(/ aria-label="[^"]*"/, '');
  const html = `<button type="button" class="bk-button${style}"${own}${attrs({ 'data-value': str(el.value), 'data-url': str(el.url) })}>${esc(label)}</button>`;
  const confirm = obj(el.confirm);
  if (!confirm) return html;
  const dialog = `<template class="bk-confirm"${attrs({
    'data-confirm': plainOf(confirm.confirm) || 'Yes',
    'data-deny': plainOf(confirm.deny) || 'Cancel',
    'data-style': str(confirm.style),
  })}><h2 class="dialog-title">${esc(plainOf(confirm.title) || 'Are you sure?')}</h2><div class="dialog-text">${textHtml(confirm.text, ctx)}</div></template>`;
  return `<span class="bk-with-confirm">${html}${dialog}</span>`;
}

function select(
  common: string,
  multiple: boolean,
  placeholder: string,
  choices: readonly Choice[],
  initial: unknown[],
): string {
  const selected = new Set(initial.filter((v): v is string => typeof v === 'string'));
  const empty = multiple ? '' : `<option value="">${esc(placeholder)}</option>`;
  const options = choices
    .map((c) => `<option${attrs({ value: c.value, selected: selected.has(c.value) })}>${esc(c.label)}</option>`)
    .join('');
  return `<select class="bk-select"${common}${attrs({ multiple })}>${empty}${options}</select>`;
}

function staticSelect(el: Json, common: string, multiple: boolean, placeholder: string): string {
  const initial = [obj(el.initial_option), ...list(el.initial_options).map(obj)].map((o) => str(o?.value));
  const groups = list(el.option_groups);
  const options =
    groups.length > 0
      ? groups
          .map(
            (g) =>
              `<optgroup label="${esc(plainOf(obj(g)?.label))}">${optionsHtml(list(obj(g)?.options), initial)}</optgroup>`,
          )
          .join('')
      : optionsHtml(list(el.options), initial);
  const empty = multiple ? '' : `<option value="">${esc(placeholder)}</option>`;
  return `<select class="bk-select"${common}${attrs({ multiple })}>${empty}${options}</select>`;
}

function optionsHtml(options: unknown[], initial: Array<string | undefined>): string {
  return options
    .map((o) => obj(o) ?? {})
    .map(
      (o) =>
        `<option${attrs({ value: str(o.value) ?? '', selected: initial.includes(str(o.value)) })}>${esc(plainOf(o.text))}</option>`,
    )
    .join('');
}

function choices(el: Json, type: string, at: Placement, opts: ElementOptions): string {
  const id = opts.id ?? domId(at.ctx.idPrefix, at.blockId, str(el.action_id) ?? type);
  const initial = [obj(el.initial_option), ...list(el.initial_options).map(obj)].map((o) => str(o?.value));
  const inputType = type === 'checkboxes' ? 'checkbox' : 'radio';
  const items = list(el.options)
    .map((o) => obj(o) ?? {})
    .map((o, i) => {
      const value = str(o.value) ?? '';
      const description = o.description ? `<span class="bk-choice-desc">${textHtml(o.description, at.ctx)}</span>` : '';
      return `<label class="bk-choice"><input type="${inputType}"${attrs({
        name: id,
        id: `${id}-${i}`,
        value,
        checked: initial.includes(value),
        'data-label': plainOf(o.text),
      })}> <span>${textHtml(o.text, at.ctx)}</span>${description}</label>`;
    })
    .join('');
  return `<fieldset class="bk-choices"${attrs({
    id,
    'data-el': true,
    'data-type': type,
    'data-block-id': at.blockId,
    'data-action-id': str(el.action_id) ?? type,
    'data-dispatch': opts.dispatch,
    'aria-labelledby': opts.labelledBy,
    'aria-label': opts.labelledBy ? undefined : DEFAULT_NAMES[type],
    'aria-describedby': opts.describedBy || undefined,
    'data-required': opts.required,
  })}>${items}</fieldset>`;
}

function textInput(el: Json, type: string, common: string): string {
  const value = str(el.initial_value) ?? (typeof el.initial_value === 'number' ? String(el.initial_value) : undefined);
  const limits = attrs({
    placeholder: plainOf(el.placeholder) || undefined,
    maxlength: typeof el.max_length === 'number' ? el.max_length : undefined,
    minlength: typeof el.min_length === 'number' ? el.min_length : undefined,
  });
  if (type === 'plain_text_input' && el.multiline === true) {
    return `<textarea class="bk-field-input" rows="3"${common}${limits}>${esc(value ?? '')}</textarea>`;
  }
  const inputType =
    type === 'number_input'
      ? 'number'
      : type === 'email_text_input'
        ? 'email'
        : type === 'url_text_input'
          ? 'url'
          : 'text';
  return `<input type="${inputType}" class="bk-field-input"${common}${limits}${attrs({ value })}>`;
}

function contextElement(el: Json, ctx: BlockContext): string {
  if (el.type === 'image') return imagePlaceholder(el);
  return `<span class="bk-context-item">${textHtml(el, ctx)}</span>`;
}

/** Images are not fetched (the page works offline): their alt text stands in. */
function imagePlaceholder(el: Json): string {
  const alt = str(el.alt_text) ?? 'image';
  return `<span class="bk-image-alt" role="img" aria-label="${esc(alt)}">🖼 ${esc(alt)}</span>`;
}

function richText(el: Json, ctx: BlockContext): string {
  const inline = (items: unknown[]) => items.map((i) => richInline(obj(i) ?? {}, ctx)).join('');
  switch (el.type) {
    case 'rich_text_section':
      return `<p class="bk-rich-section">${inline(list(el.elements))}</p>`;
    case 'rich_text_preformatted':
      return `<pre class="mk-pre"><code>${inline(list(el.elements))}</code></pre>`;
    case 'rich_text_quote':
      return `<blockquote class="mk-quote">${inline(list(el.elements))}</blockquote>`;
    case 'rich_text_list': {
      const tag = el.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag}>${list(el.elements)
        .map((item) => `<li>${inline(list(obj(item)?.elements))}</li>`)
        .join('')}</${tag}>`;
    }
    default:
      return '';
  }
}

function richInline(el: Json, ctx: BlockContext): string {
  const style = obj(el.style) ?? {};
  let html: string;
  switch (el.type) {
    case 'text':
      html = esc(str(el.text) ?? '').replace(/\n/g, '<br>');
      break;
    case 'link':
      html = mrkdwnToHtml(`<${str(el.url) ?? ''}|${str(el.text) ?? str(el.url) ?? ''}>`, ctx.mrkdwn);
      break;
    case 'user':
      html = mrkdwnToHtml(`<@${str(el.user_id) ?? ''}>`, ctx.mrkdwn);
      break;
    case 'channel':
      html = mrkdwnToHtml(`<#${str(el.channel_id) ?? ''}>`, ctx.mrkdwn);
      break;
    case 'emoji':
      html = str(el.unicode)
        ? esc(String.fromCodePoint(...(str(el.unicode) ?? '').split('-').map((h) => Number.parseInt(h, 16))))
        : `:${esc(str(el.name) ?? '')}:`;
      break;
    case 'broadcast':
      html = `<span class="mk-mention">@${esc(str(el.range) ?? 'here')}</span>`;
      break;
    default:
      html = '';
  }
  if (style.code) html = `<code class="mk-code">${html}</code>`;
  if (style.bold) html = `<strong>${html}</strong>`;
  if (style.italic) html = `<em>${html}</em>`;
  if (style.strike) html = `<del>${html}</del>`;
  return html;
}
