import { DateTime } from 'luxon';
import { esc } from './html';

/** What mrkdwn needs to show ids as names and dates in the reader's zone. */
export interface MrkdwnContext {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  timeZone: string;
  now: Date;
}

const TOKEN = /<([^<>]*)>/g;
/** Placeholders for rendered pieces while the rest is formatted: private-use characters no text has. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/**
 * Slack's mrkdwn as HTML: `&amp; &lt; &gt;` are Slack's escapes, `<…>` its tokens (mentions,
 * channels, links, dates, special mentions), then code, *bold*, _italic_, ~strike~, > quotes and
 * line breaks. Everything from the text is HTML-escaped; only http(s) and mailto links are links.
 */
export function mrkdwnToHtml(text: string, ctx: MrkdwnContext): string {
  const pieces: string[] = [];
  const keep = (html: string) => `${OPEN}${pieces.push(html) - 1}${CLOSE}`;

  let out = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    out += esc(unescapeSlack(text.slice(last, match.index)));
    out += keep(renderToken(match[1] ?? '', ctx));
    last = match.index + match[0].length;
  }
  out += esc(unescapeSlack(text.slice(last)));

  out = out.replace(/```([\s\S]*?)```/g, (_, code: string) =>
    keep(`<pre class="mk-pre"><code>${code.replace(/^\n/, '')}</code></pre>`),
  );
  out = out.replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code class="mk-code">${code}</code>`));
  out = emphasis(out, '\\*', 'strong');
  out = emphasis(out, '_', 'em');
  out = emphasis(out, '~', 'del');
  out = quotes(out);
  out = out.replace(/\n/g, '<br>');
  // Pieces may hold placeholders of their own (a mention in bold in a quote): restore until none is left.
  while (out.includes(OPEN)) out = out.replace(PLACEHOLDER, (_, i: string) => pieces[Number(i)] ?? '');
  return out;
}

/** `*bold*`, `_italic_`, `~strike~`: the marks must hug the text and stand apart from words. */
function emphasis(html: string, mark: string, tag: string): string {
  const pattern = new RegExp(`(^|[^\\w${mark}])${mark}(?=\\S)([^${mark}\\n]*?\\S)${mark}(?![\\w${mark}])`, 'g');
  return html.replace(pattern, (_, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/** Lines starting with `>` (escaped by now) become one block quote per run of them. */
function quotes(html: string): string {
  const lines = html.split('\n');
  const out: string[] = [];
  let quoted: string[] = [];
  const flush = () => {
    if (quoted.length > 0) out.push(`<blockquote class="mk-quote">${quoted.join('\n')}</blockquote>`);
    quoted = [];
  };
  for (const line of lines) {
    if (line.startsWith('&gt;')) quoted.push(line.slice(4).replace(/^ /, ''));
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join('\n').replace(/<\/blockquote>\n/g, '</blockquote>');
}

function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function renderToken(raw: string, ctx: MrkdwnContext): string {
  const bar = raw.indexOf('|');
  const target = unescapeSlack(bar === -1 ? raw : raw.slice(0, bar));
  const label = bar === -1 ? undefined : unescapeSlack(raw.slice(bar + 1));
  if (/^@[UW][A-Z0-9]+$/.test(target)) {
    const name = ctx.userName(target.slice(1)) ?? label ?? target.slice(1);
    return `<span class="mk-mention">@${esc(name)}</span>`;
  }
  if (/^#[CGD][A-Z0-9]+$/.test(target)) {
    const name = ctx.channelName(target.slice(1)) ?? label ?? target.slice(1);
    return `<span class="mk-channel">#${esc(name)}</span>`;
  }
  if (target.startsWith('!')) return special(target.slice(1), label, ctx);
  if (/^(https?:\/\/|mailto:)/i.test(target)) {
    return `<a class="mk-link" href="${esc(target)}" target="_blank" rel="noopener noreferrer">${esc(label ?? target)}</a>`;
  }
  // Not a token Slack knows: shown as written.
  return esc(`<${unescapeSlack(raw)}>`);
}

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^ID|@team>`, `<!date^…>`. */
function special(command: string, label: string | undefined, ctx: MrkdwnContext): string {
  if (command === 'here' || command === 'channel' || command === 'everyone') {
    return `<span class="mk-mention">@${command}</span>`;
  }
  if (command.startsWith('subteam^')) return `<span class="mk-mention">${esc(label ?? '@team')}</span>`;
  if (command.startsWith('date^')) {
    const [, seconds, format = '', link] = command.split('^');
    const formatted = formatDate(Number(seconds), format, ctx);
    const shown = esc(formatted ?? label ?? '');
    return link && /^https?:\/\//i.test(link)
      ? `<a class="mk-link" href="${esc(link)}" target="_blank" rel="noopener noreferrer">${shown}</a>`
      : `<time class="mk-date">${shown}</time>`;
  }
  return esc(label ?? `<!${command}>`);
}

/** Slack's `<!date>` formats, in the reader's zone; undefined when the date cannot be read (the fallback shows). */
export function formatDate(seconds: number, format: string, ctx: MrkdwnContext): string | undefined {
  if (!Number.isFinite(seconds) || format === '') return undefined;
  const dt = DateTime.fromSeconds(seconds, { zone: ctx.timeZone });
  if (!dt.isValid) return undefined;
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).startOf('day');
  const days = Math.round(dt.startOf('day').diff(today, 'days').days);
  const relative = days === 0 ? 'today' : days === -1 ? 'yesterday' : days === 1 ? 'tomorrow' : undefined;
  const ordinal = `${dt.toFormat('MMMM')} ${dt.day}${ordinalSuffix(dt.day)}, ${dt.year}`;
  const tokens: Record<string, () => string> = {
    date_num: () => dt.toFormat('yyyy-MM-dd'),
    date: () => ordinal,
    date_short: () => dt.toFormat('LLL d, yyyy'),
    date_long: () => `${dt.toFormat('cccc')}, ${ordinal}`,
    date_pretty: () => capitalised(relative) ?? ordinal,
    date_short_pretty: () => capitalised(relative) ?? dt.toFormat('LLL d, yyyy'),
    date_long_pretty: () => capitalised(relative) ?? `${dt.toFormat('cccc')}, ${ordinal}`,
    time: () => dt.toFormat('HH:mm'),
    time_secs: () => dt.toFormat('HH:mm:ss'),
    ago: () => dt.toRelative({ base: DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }) }) ?? ordinal,
  };
  return format.replace(/\{(\w+)\}/g, (whole, name: string) => tokens[name]?.() ?? whole);
}

function ordinalSuffix(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function capitalised(word: string | undefined): string | undefined {
  return word ? word[0]?.toUpperCase() + word.slice(1) : undefined;
}
