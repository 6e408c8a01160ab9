/** Slack's mrkdwn control characters; user text must be escaped so `<!channel>` cannot ping anyone. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
