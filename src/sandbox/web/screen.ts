import { DateTime } from 'luxon';
import type { Emulator } from '../emulator/emulator';
import type { PostedMessage, ViewRecord } from '../emulator/types';
import type { UserState } from '../emulator/workspace';
import { type BlockContext, type Choice, renderBlocks, textHtml } from './render/blocks';
import { attrs, domId, esc } from './render/html';
import { mrkdwnToHtml } from './render/mrkdwn';

/** Where a person is looking: their Home tab, their DM with Baton, or a channel. */
export type Place = 'home' | 'dm' | string;

export interface Person {
  id: string;
  name: string;
  timeZone: string;
}

export interface Screen {
  as: string;
  place: Place;
  /** The heading of the main pane. */
  title: string;
  nav: string;
  main: string;
  /** The composer's prompt, or null where nothing can be typed (the Home tab). */
  composer: string | null;
  /** The person's open modal: `key` changes whenever it must be drawn again. */
  modal: { key: string; title: string; html: string } | null;
}

/** The people one can be: the workspace's active humans. */
export function peopleOf(emulator: Emulator, teamId: string): Person[] {
  const ws = emulator.workspace(teamId);
  return [...ws.users.values()]
    .filter((u) => isPerson(u, ws.botUserId))
    .map((u) => ({ id: u.id, name: u.realName || u.name, timeZone: u.tz }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isPerson(u: UserState, botUserId: string): boolean {
  return !u.isBot && !u.deleted && u.id !== botUserId && u.id !== 'USLACKBOT';
}

/** Renders what `as` sees at `place`, from the emulator's state. */
export function renderScreen(emulator: Emulator, teamId: string, as: string, place: Place, now: Date): Screen {
  const ws = emulator.workspace(teamId);
  const me = emulator.user(teamId, as);
  const channels = [...ws.channels.values()]
    .filter((c) => !c.isIm && !c.isArchived && c.members.has(as))
    .sort((a, b) => a.name.localeCompare(b.name));
  const dmId = ws.dms.get(as);
  const channel = place !== 'home' && place !== 'dm' ? channels.find((c) => c.id === place) : undefined;
  const shown: Place = channel ? channel.id : place === 'home' ? 'home' : 'dm';
  const conversation = shown === 'dm' ? dmId : channel?.id;
  const messages = conversation ? visibleMessages(emulator, teamId, conversation, as) : [];
  const blockContext = (surface: BlockContext['surface'], idPrefix: string): BlockContext => ({
    mrkdwn: {
      userName: (id) => {
        const u = ws.users.get(id);
        return u ? u.realName || u.name : undefined;
      },
      channelName: (id) => ws.channels.get(id)?.name,
      timeZone: me.tz,
      now,
    },
    people: peopleOf(emulator, teamId).map((p): Choice => ({ value: p.id, label: p.name })),
    channels: [...ws.channels.values()]
      .filter((c) => !c.isIm && !c.isArchived && (!c.isPrivate || c.members.has(as)))
      .map((c): Choice => ({ value: c.id, label: `#${c.name}` })),
    surface,
    idPrefix,
    ...(conversation ? { currentConversation: conversation } : {}),
  });

  const navItems: Array<{ place: Place; label: string; latest?: string }> = [
    { place: 'home', label: 'Home' },
    { place: 'dm', label: 'Baton', latest: latestTs(dmId ? visibleMessages(emulator, teamId, dmId, as) : []) },
    ...channels.map((c) => ({
      place: c.id,
      label: `#${c.name}`,
      latest: latestTs(visibleMessages(emulator, teamId, c.id, as)),
    })),
  ];
  const nav = navItems
    .map(
      (item) =>
        `<li><button type="button" class="nav-item"${attrs({
          'data-place': item.place,
          'data-latest': item.latest,
          'aria-current': item.place === shown ? 'page' : undefined,
        })}>${esc(item.label)}<span class="nav-new" hidden> <span class="visually-hidden">(new)</span></span></button></li>`,
    )
    .join('');

  let main: string;
  let title: string;
  if (shown === 'home') {
    title = 'Home · Baton';
    const home = emulator.homeView(teamId, as);
    main = home
      ? `<section class="home" data-container="view"${attrs({ 'data-view-id': home.id })}>${renderBlocks(
          (home.view.blocks as unknown[]) ?? [],
          blockContext('home', domId('home', home.id)),
        )}</section>`
      : `<p class="empty">Baton has not published a Home tab for ${esc(me.realName || me.name)} yet. Opening this tab tells Baton you are here (<code>app_home_opened</code>).</p>`;
  } else {
    title = shown === 'dm' ? 'Baton' : `#${channel?.name ?? ''}`;
    main = messages.length
      ? messageList(
          messages,
          (m) => blockContext('message', domId('m', m.channel, m.ts)),
          shown !== 'dm',
          me.tz,
          now,
          (id) => nameOf(emulator, teamId, id),
        )
      : `<p class="empty">${shown === 'dm' ? 'No messages from Baton yet. Try <code>/delegate help</code> below.' : 'No messages here yet.'}</p>`;
  }

  const modal = openModal(emulator, teamId, as);
  return {
    as,
    place: shown,
    title,
    nav,
    main,
    composer: shown === 'home' ? null : shown === 'dm' ? 'Message Baton' : `Message #${channel?.name ?? ''}`,
    modal: modal ? renderModal(modal, blockContext('modal', domId('v', modal.id))) : null,
  };
}

function nameOf(emulator: Emulator, teamId: string, userId: string): string {
  const u = emulator.workspace(teamId).users.get(userId);
  return u ? u.realName || u.name : userId;
}

/** A conversation's messages as `as` sees them: no deleted ones, no one else's ephemerals. */
function visibleMessages(emulator: Emulator, teamId: string, channel: string, as: string): PostedMessage[] {
  return emulator.messages(
    (m) => m.teamId === teamId && m.channel === channel && !m.deleted && (!m.ephemeralTo || m.ephemeralTo === as),
  );
}

function latestTs(messages: readonly PostedMessage[]): string | undefined {
  return messages.at(-1)?.ts;
}

function messageList(
  messages: readonly PostedMessage[],
  contextFor: (m: PostedMessage) => BlockContext,
  threads: boolean,
  timeZone: string,
  now: Date,
  nameOf: (id: string) => string,
): string {
  const replies = new Map<string, PostedMessage[]>();
  const top: PostedMessage[] = [];
  for (const m of messages) {
    if (m.threadTs && m.threadTs !== m.ts) replies.set(m.threadTs, [...(replies.get(m.threadTs) ?? []), m]);
    else top.push(m);
  }
  const one = (m: PostedMessage) => messageHtml(m, contextFor(m), timeZone, now, nameOf);
  return `<ol class="messages">${top
    .map((m) => {
      const thread = replies.get(m.ts) ?? [];
      const threadHtml =
        threads || thread.length > 0
          ? `<details class="thread"${attrs({ 'data-thread': m.ts })}><summary>${
              thread.length === 0 ? 'Reply in thread' : `${thread.length} ${thread.length === 1 ? 'reply' : 'replies'}`
            }</summary><ol class="messages thread-replies">${thread.map((r) => `<li>${one(r)}</li>`).join('')}</ol>${replyForm(m)}</details>`
          : '';
      return `<li>${one(m)}${threadHtml}</li>`;
    })
    .join('')}</ol>`;
}

function replyForm(parent: PostedMessage): string {
  const id = domId('reply', parent.ts);
  return `<form class="reply-form"${attrs({ 'data-thread-ts': parent.ts })}><label class="visually-hidden" for="${id}">Reply in thread</label><input id="${id}" name="text" autocomplete="off" placeholder="Reply…"><button type="submit" class="bk-button">Reply</button></form>`;
}

function messageHtml(
  m: PostedMessage,
  ctx: BlockContext,
  timeZone: string,
  now: Date,
  nameOf: (id: string) => string,
): string {
  const fromApp = Boolean(m.botId);
  const author = fromApp ? 'Baton' : nameOf(m.user);
  const when = DateTime.fromMillis(m.postedAt, { zone: timeZone });
  const sameDay = when.hasSame(DateTime.fromJSDate(now, { zone: timeZone }), 'day');
  const metaId = domId('meta', m.channel, m.ts);
  const content =
    m.blocks.length > 0
      ? renderBlocks(m.blocks, ctx)
      : `<div class="bk-text">${mrkdwnToHtml(m.text, ctx.mrkdwn)}</div>`;
  return `<article class="msg${m.ephemeralTo ? ' msg--ephemeral' : ''}" data-container="message"${attrs({
    'data-channel': m.channel,
    'data-ts': m.ts,
    'aria-labelledby': metaId,
  })}><div class="msg-avatar${fromApp ? ' msg-avatar--app' : ''}" aria-hidden="true">${esc(author.slice(0, 1))}</div><div class="msg-body"><div class="msg-meta" id="${metaId}"><span class="msg-author">${esc(author)}</span>${
    fromApp ? ' <span class="msg-badge">App</span>' : ''
  } <time datetime="${esc(when.toISO() ?? '')}">${esc(sameDay ? when.toFormat('HH:mm') : when.toFormat('ccc d LLL, HH:mm'))}</time>${
    m.edited?.length ? ' <span class="msg-edited">(edited)</span>' : ''
  }</div>${m.ephemeralTo ? '<p class="msg-only-you">Only visible to you</p>' : ''}<div class="msg-content">${content}</div></div></article>`;
}

/** The person's modal on top: the newest open one (a pushed view covers the one under it). */
function openModal(emulator: Emulator, teamId: string, as: string): ViewRecord | undefined {
  return emulator.views((v) => v.teamId === teamId && v.type === 'modal' && !v.closed && v.userId === as).at(-1);
}

function renderModal(view: ViewRecord, ctx: BlockContext): NonNullable<Screen['modal']> {
  const v = view.view;
  const title = textHtml(v.title, ctx) || 'Baton';
  const submit = v.submit ? textHtml(v.submit, ctx) : '';
  const close = v.close ? textHtml(v.close, ctx) : 'Cancel';
  const blocks = renderBlocks((v.blocks as unknown[]) ?? [], {
    ...ctx,
    ...(view.errors ? { errors: view.errors } : {}),
  });
  const html = `<form class="modal-form" data-container="view" novalidate${attrs({ 'data-view-id': view.id })}><h2 class="modal-title" id="modal-title">${title}</h2><div class="modal-body">${blocks}</div><div class="modal-actions"><button type="button" class="bk-button" data-modal-close>${close}</button>${
    submit ? `<button type="submit" class="bk-button bk-primary">${submit}</button>` : ''
  }</div></form>`;
  return { key: `${view.id}:${view.hash}:${JSON.stringify(view.errors ?? {})}`, title, html };
}
