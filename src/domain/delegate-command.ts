import { looksLikeDuePhrase } from './due-date';

/**
 * What the text after `/delegate` asks for. Slack sends it with "escape channels, users, and links"
 * on: `<@U123|ana>`, `<#C123|launch>`, `<!here>`, `<!subteam^S123|@team>`, `<https://x|label>`,
 * and `&`, `<`, `>` typed by the user as `&amp;`, `&lt;`, `&gt;` (decoded here).
 */
export type DelegateCommand =
  | { kind: 'modal' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'settings' }
  | { kind: 'done' | 'drop' | 'reopen'; number: number }
  | CaptureCommand
  | { kind: 'error'; error: CommandError };

/** What is wrong with the command, as facts (slack/blocks/help.ts says it back with the usage). */
export type CommandError =
  /** A lone word one typo away from a command word. */
  | { kind: 'unknown_command'; typed: string; meant: string }
  | { kind: 'number_missing'; command: ClosingCommand }
  | { kind: 'not_a_number'; typed: string; command: ClosingCommand }
  | { kind: 'several_owners'; count: number }
  /** A user group and no person: `name` is the group's handle when Slack sent it. */
  | { kind: 'group_owner'; name: string | null }
  | { kind: 'title_missing' }
  | { kind: 'title_too_long'; length: number };

/** The commands that take a task number. */
export type ClosingCommand = 'done' | 'drop' | 'reopen';

/** A task typed inline. `ownerName` is a plain `@name` Slack did not escape: the app resolves it. */
export type CaptureCommand = {
  kind: 'capture';
  title: string;
  ownerId?: string;
  ownerName?: string;
  channelId?: string;
  /** Raw text after `by`/`due`, known to read as a date; the app resolves it with parseDuePhrase. */
  duePhrase?: string;
};

export const MAX_TITLE_LENGTH = 200;

/**
 * Parses the text after `/delegate`.
 *
 * Rule for command words: a command word (case-insensitive) counts only when it is the WHOLE text
 * (`help`, `?`, `list`, `ls`, `settings`), or, for `done`/`drop`/`reopen`, when it is followed by nothing or
 * by exactly one number-ish token (`#…` or starting with a digit/sign); anything else is a capture,
 * so "list the vendors" and "drop off the parcel" are tasks.
 *
 * Capture: the owner is the first user mention (an escaped `<@U…>`, or a plain `@name` the app
 * resolves); mentioning two different people is an error, and so is a user group when no person
 * is mentioned. The channel is the first channel mention (later ones stay in the title as `#name`).
 * The due phrase is what follows the last standalone `by`/`due` (also `due by`, `due on`) up to the
 * next mention, channel or link or the end; after `by` only when it reads as a date (otherwise it stays in
 * the title), after `due` always. Special mentions (`<!channel>`, …) stay in the title verbatim; links become their URL
 * (or "label (url)" when the label says something else).
 */
export function parseDelegateCommand(text: string): DelegateCommand {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (trimmed === '') return { kind: 'modal' };
  const lower = trimmed.toLowerCase();
  if (lower === 'help' || lower === '?') return { kind: 'help' };
  if (lower === 'list' || lower === 'ls') return { kind: 'list' };
  if (lower === 'settings') return { kind: 'settings' };

  const closing = /^(done|drop|reopen)(?: ([#+-]\S*|\d\S*))?$/i.exec(trimmed);
  if (closing) return parseClosing((closing[1] ?? '').toLowerCase() as ClosingCommand, closing[2]);

  const meant = misspelledCommand(lower);
  if (meant) return { kind: 'error', error: { kind: 'unknown_command', typed: trimmed, meant } };
  return parseCapture(trimmed);
}

const COMMAND_WORDS = ['help', 'list', 'settings', 'done', 'drop', 'reopen'];

/** A lone word one typo away from a command word ("lsit", "setings") is a mistake, not a task. */
function misspelledCommand(word: string): string | undefined {
  if (!/^[a-z]{3,10}$/.test(word)) return undefined;
  return (
    COMMAND_WORDS.find((command) => command !== word && editDistance(command, word) === 1) ??
    COMMAND_WORDS.find((command) => command.length >= 6 && editDistance(command, word) === 2)
  );
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function parseClosing(kind: ClosingCommand, arg: string | undefined): DelegateCommand {
  if (arg === undefined) {
    return { kind: 'error', error: { kind: 'number_missing', command: kind } };
  }
  const digits = /^#?(\d+)$/.exec(arg)?.[1];
  const number = digits === undefined ? Number.NaN : Number(digits);
  if (!Number.isSafeInteger(number) || number < 1) {
    return { kind: 'error', error: { kind: 'not_a_number', typed: decodeEntities(arg), command: kind } };
  }
  return { kind, number };
}

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'user'; id: string }
  | { kind: 'plainUser'; name: string }
  | { kind: 'channel'; id: string; name?: string }
  | { kind: 'subteam'; raw: string; name?: string }
  | { kind: 'special'; raw: string }
  | { kind: 'link'; url: string; label?: string };

function parseCapture(text: string): DelegateCommand {
  const pieces = tokenize(text);

  // Owners: escaped user mentions by id, plain @names by name (case-insensitive).
  const owners = new Map<string, Piece>();
  for (const piece of pieces) {
    if (piece.kind === 'user') owners.set(`id:${piece.id}`, piece);
    if (piece.kind === 'plainUser') owners.set(`name:${piece.name.toLowerCase()}`, piece);
  }
  if (owners.size > 1) {
    return { kind: 'error', error: { kind: 'several_owners', count: owners.size } };
  }
  const owner = [...owners.values()][0];
  const group = pieces.find((p) => p.kind === 'subteam');
  if (!owner && group?.kind === 'subteam') {
    return { kind: 'error', error: { kind: 'group_owner', name: group.name ?? null } };
  }
  const channel = pieces.find((p) => p.kind === 'channel');

  // Due phrase: after the last standalone `by`/`due` keyword, up to the end of its text piece.
  let duePhrase: string | undefined;
  let dueAt: { piece: number; start: number } | undefined;
  pieces.forEach((piece, index) => {
    if (piece.kind !== 'text') return;
    for (const m of piece.text.matchAll(/(?:^|\s)(due(?:\s+(?:by|on))?|by)(?=\s|$)/gi)) {
      dueAt = { piece: index, start: m.index + m[0].length - (m[1] ?? '').length };
    }
  });
  if (dueAt) {
    const piece = pieces[dueAt.piece];
    if (piece?.kind === 'text') {
      const keyword = /^(?:due(?:\s+(?:by|on))?|by)/i.exec(piece.text.slice(dueAt.start))?.[0] ?? '';
      const phrase = piece.text.slice(dueAt.start + keyword.length).trim();
      // `due` is explicit: whatever follows is a date, and one that can't be read is said back.
      // `by` is common in titles ("review copy by marketing"): a date only when it reads as one.
      const explicit = /^due/i.test(keyword);
      if (phrase !== '' && (explicit || looksLikeDuePhrase(phrase))) {
        duePhrase = phrase;
        pieces[dueAt.piece] = { kind: 'text', text: piece.text.slice(0, dueAt.start) };
      }
    }
  }

  const title = pieces
    .map((piece) => {
      switch (piece.kind) {
        case 'text':
          return piece.text;
        case 'user':
        case 'plainUser':
          return ' ';
        case 'channel':
          return piece === channel ? ' ' : ` #${piece.name ?? piece.id} `;
        case 'subteam':
        case 'special':
          return ` ${piece.raw} `;
        case 'link':
          return ` ${linkText(piece)} `;
      }
      return '';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?:\s*[,;:]|\s+[-–—])+$/, '');

  if (title === '') {
    return { kind: 'error', error: { kind: 'title_missing' } };
  }
  const length = [...title].length;
  if (length > MAX_TITLE_LENGTH) {
    return { kind: 'error', error: { kind: 'title_too_long', length } };
  }

  const result: CaptureCommand = { kind: 'capture', title };
  if (owner?.kind === 'user') result.ownerId = owner.id;
  if (owner?.kind === 'plainUser') result.ownerName = owner.name;
  if (channel?.kind === 'channel') result.channelId = channel.id;
  if (duePhrase !== undefined) result.duePhrase = duePhrase;
  return result;
}

/** Splits Slack's escaped text into plain text and `<…>` controls; plain `@name`s become their own pieces. */
function tokenize(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(/<([^<>]*)>/g)) {
    pushText(pieces, text.slice(last, m.index));
    pieces.push(control(m[1] ?? '', m[0]));
    last = m.index + m[0].length;
  }
  pushText(pieces, text.slice(last));
  return pieces;
}

const SPECIAL_WORDS = new Set(['here', 'channel', 'everyone']);

function pushText(pieces: Piece[], raw: string): void {
  const text = decodeEntities(raw);
  let last = 0;
  for (const m of text.matchAll(/(?<=^|\s)@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu)) {
    const name = (m[1] ?? '').replace(/[.-]+$/, '');
    if (SPECIAL_WORDS.has(name.toLowerCase())) continue;
    pieces.push({ kind: 'text', text: text.slice(last, m.index) });
    pieces.push({ kind: 'plainUser', name });
    last = m.index + 1 + name.length;
  }
  pieces.push({ kind: 'text', text: text.slice(last) });
}

function control(inner: string, raw: string): Piece {
  const bar = inner.indexOf('|');
  const head = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  const named = <T extends object>(piece: T): T & { name?: string } => (label ? { ...piece, name: label } : piece);
  if (/^@[UW][A-Z0-9]+$/.test(head)) return { kind: 'user', id: head.slice(1) };
  if (/^#[CG][A-Z0-9]+$/.test(head)) return named({ kind: 'channel', id: head.slice(1) });
  if (head.startsWith('!subteam^')) return named({ kind: 'subteam', raw });
  if (head.startsWith('!')) return { kind: 'special', raw };
  if (/^[a-z][a-z0-9+.-]*:/i.test(head)) {
    return label ? { kind: 'link', url: head, label: decodeEntities(label) } : { kind: 'link', url: head };
  }
  return { kind: 'text', text: decodeEntities(raw) };
}

function linkText(link: { url: string; label?: string }): string {
  if (!link.label) return link.url;
  const bare = link.url.replace(/^[a-z][a-z0-9+.-]*:(?:\/\/)?/i, '').replace(/\/$/, '');
  if (link.label === link.url || link.label === bare) return link.url.startsWith('mailto:') ? link.label : link.url;
  return `${link.label} (${link.url})`;
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
