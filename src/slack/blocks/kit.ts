import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

export interface Message {
  /** Notification and screen-reader text: always meaningful. */
  text: string;
  blocks: Block[];
}

export const SECTION_TEXT_LIMIT = 3000;

export function section(markdown: string): types.SectionBlock {
  const text = markdown.length > SECTION_TEXT_LIMIT ? `${markdown.slice(0, SECTION_TEXT_LIMIT - 1)}…` : markdown;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function context(markdown: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: markdown }] };
}

export const divider: types.DividerBlock = { type: 'divider' };

export function mention(userId: string): string {
  return `<@${userId}>`;
}

/** Slack's limits this module enforces (docs/slack-platform.md, Block Kit limits). */
export const MESSAGE_BLOCK_LIMIT = 50;
export const MODAL_BLOCK_LIMIT = 100;
export const BUTTON_TEXT_LIMIT = 75;
export const HEADER_TEXT_LIMIT = 150;

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** A plain_text object. Plain text is not parsed as mrkdwn, but Baton never puts user text in one. */
export function plainText(text: string, max = 3000): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plainText(text, HEADER_TEXT_LIMIT) };
}

/** A section with text fields (at most 10, each ≤ 2000 chars) under an optional main text. */
export function fieldsSection(fields: string[], markdown?: string): types.SectionBlock {
  const block: types.SectionBlock = {
    type: 'section',
    fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: truncate(text, 2000) })),
  };
  if (markdown !== undefined) block.text = section(markdown).text;
  return block;
}

/** A context block with several mrkdwn elements (at most 10). */
export function contextLine(parts: string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: parts.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: truncate(text, SECTION_TEXT_LIMIT) })),
  };
}

export interface ButtonOptions {
  style?: 'primary' | 'danger';
  confirm?: types.ConfirmationDialog;
}

export function button(text: string, actionId: string, value: string, opts: ButtonOptions = {}): types.Button {
  const el: types.Button = { type: 'button', text: plainText(text, BUTTON_TEXT_LIMIT), action_id: actionId, value };
  if (opts.style) el.style = opts.style;
  if (opts.confirm) el.confirm = opts.confirm;
  return el;
}

/** A confirmation dialog; every string in it is app-built (title ≤ 100, buttons ≤ 30). */
export function confirmDialog(
  title: string,
  markdown: string,
  confirm: string,
  deny: string,
  style?: 'primary' | 'danger',
): types.ConfirmationDialog {
  const dialog: types.ConfirmationDialog = {
    title: plainText(title, 100),
    text: { type: 'mrkdwn', text: truncate(markdown, 300) },
    confirm: plainText(confirm, 30),
    deny: plainText(deny, 30),
  };
  if (style) dialog.style = style;
  return dialog;
}

export function actions(blockId: string, elements: types.ActionsBlockElement[]): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, 25) };
}

export function usersSelect(actionId: string, placeholder: string, initialUser?: string | null): types.UsersSelect {
  const el: types.UsersSelect = { type: 'users_select', action_id: actionId, placeholder: plainText(placeholder, 150) };
  if (initialUser) el.initial_user = initialUser;
  return el;
}

export function option(text: string, value: string): types.PlainTextOption {
  return { text: plainText(text, 75), value };
}

export function staticSelect(
  actionId: string,
  placeholder: string,
  options: types.PlainTextOption[],
  initial?: types.PlainTextOption,
): types.StaticSelect {
  const el: types.StaticSelect = {
    type: 'static_select',
    action_id: actionId,
    placeholder: plainText(placeholder, 150),
    options: options.slice(0, 100),
  };
  if (initial) el.initial_option = initial;
  return el;
}

export function datepicker(actionId: string, placeholder: string): types.Datepicker {
  return { type: 'datepicker', action_id: actionId, placeholder: plainText(placeholder, 150) };
}

/** Slack's block quote: every line prefixed with `>`. Pass already-escaped mrkdwn. */
export function quote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** A channel reference `<#C…>`: Slack renders the channel's name. */
export function channelLink(channelId: string): string {
  return `<#${channelId}>`;
}

/**
 * Slack rejects a message whose blocks hold more than about 12,000 characters of text in total
 * (`msg_blocks_too_long`, bolt-js #2509), even under every per-block limit. Builders of long
 * messages stay under this budget.
 */
export const MESSAGE_TEXT_BUDGET = 11_000;

/** Characters of every `text` string in the blocks (what counts against `msg_blocks_too_long`). */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blocksTextLength(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let sum = 0;
  for (const [key, inner] of Object.entries(value)) {
    sum += key === 'text' && typeof inner === 'string' ? inner.length : blocksTextLength(inner);
  }
  return sum;
}

export interface InputBlockOptions {
  hint?: string;
  optional?: boolean;
}

/** An input block (modals only) whose block id is `id`; give the element the same action id. */
export function inputBlock(
  id: string,
  label: string,
  element: types.InputBlockElement,
  { hint, optional = false }: InputBlockOptions = {},
): types.InputBlock {
  const block: types.InputBlock = { type: 'input', block_id: id, label: plainText(label, 2000), element, optional };
  if (hint) block.hint = plainText(hint, 2000);
  return block;
}
