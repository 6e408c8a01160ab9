import { describe, expect, it } from 'vitest';
import { formatDate, type MrkdwnContext, mrkdwnToHtml } from '../../../../src/sandbox/web/render/mrkdwn';

const ctx: MrkdwnContext = {
  userName: (id) => ({ U0ADA: 'Ada Novak', U0BEN: 'Ben <b>' })[id],
  channelName: (id) => ({ C0TEAM: 'team' })[id],
  timeZone: 'Europe/Berlin',
  now: new Date('2026-12-01T10:00:00Z'),
};
const html = (text: string) => mrkdwnToHtml(text, ctx);

describe('mrkdwnToHtml', () => {
  it.each([
    ['bold, italic, strike', '*Done* _soon_ ~never~', '<strong>Done</strong> <em>soon</em> <del>never</del>'],
    ['marks inside words are text', 'snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['inline code is not formatted inside', 'run `npm *start*`', 'run <code class="mk-code">npm *start*</code>'],
    ['a code block', '```a\n*b*```', '<pre class="mk-pre"><code>a\n*b*</code></pre>'],
    ['line breaks', 'one\ntwo', 'one<br>two'],
    ['a quote', '&gt; said\nthen', '<blockquote class="mk-quote">said</blockquote>then'],
    ['a user as their name', 'for <@U0ADA>', 'for <span class="mk-mention">@Ada Novak</span>'],
    [
      'an unknown user by label, then id',
      '<@U0ZED|zed> <@U0YOU>',
      '<span class="mk-mention">@zed</span> <span class="mk-mention">@U0YOU</span>',
    ],
    ['a channel as its name', 'in <#C0TEAM>', 'in <span class="mk-channel">#team</span>'],
    ['a channel by its label', '<#C0OTHER|other>', '<span class="mk-channel">#other</span>'],
    [
      'special mentions',
      '<!here> <!channel>',
      '<span class="mk-mention">@here</span> <span class="mk-mention">@channel</span>',
    ],
    ['a mention in bold', '*<@U0ADA> did it*', '<strong><span class="mk-mention">@Ada Novak</span> did it</strong>'],
    [
      'a labelled link',
      '<https://example.com/a?b=1&amp;c=2|the docs>',
      '<a class="mk-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    ],
  ])('%s', (_, text, expected) => {
    expect(html(text)).toBe(expected);
  });

  it('escapes HTML in text, names and labels', () => {
    expect(html('<b>bold</b> & &lt;i&gt;')).toBe('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;');
    expect(html('<@U0BEN>')).toBe('<span class="mk-mention">@Ben &lt;b&gt;</span>');
    expect(html('<https://x.test|"><script>alert(1)</script>>')).not.toContain('<script>');
  });

  it('shows Slack-escaped text as the characters it stands for, never as a ping', () => {
    expect(html('&lt;!channel&gt; &amp;')).toBe('&lt;!channel&gt; &amp;');
  });

  it('links only http(s) and mailto', () => {
    expect(html('<javascript:alert(1)|click>')).toBe('&lt;javascript:alert(1)|click&gt;');
    expect(html('<mailto:a@b.test|mail>')).toContain('href="mailto:a@b.test"');
  });

  it('shows a <!date> in the reader’s zone, or its fallback', () => {
    expect(html('<!date^1764842400^{date_short} at {time}|Dec 4>')).toBe(
      '<time class="mk-date">Dec 4, 2025 at 11:00</time>',
    );
    expect(html('<!date^nope^{date}|sometime>')).toBe('<time class="mk-date">sometime</time>');
  });
});

describe('formatDate', () => {
  const at = (iso: string) => new Date(iso).getTime() / 1000;
  it.each([
    ['{date_num}', '2026-12-03'],
    ['{date}', 'December 3rd, 2026'],
    ['{date_long}', 'Thursday, December 3rd, 2026'],
    ['{time_secs}', '13:30:00'],
  ])('%s', (format, expected) => {
    expect(formatDate(at('2026-12-03T12:30:00Z'), format, ctx)).toBe(expected);
  });

  it('says today, yesterday and tomorrow in the pretty formats', () => {
    expect(formatDate(at('2026-12-01T15:00:00Z'), '{date_pretty}', ctx)).toBe('Today');
    expect(formatDate(at('2026-11-30T15:00:00Z'), '{date_short_pretty}', ctx)).toBe('Yesterday');
    expect(formatDate(at('2026-12-02T15:00:00Z'), '{date_long_pretty}', ctx)).toBe('Tomorrow');
    expect(formatDate(at('2026-12-11T15:00:00Z'), '{date_pretty}', ctx)).toBe('December 11th, 2026');
  });
});
