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
