import { escapeMrkdwn } from '../../domain/mrkdwn';
import { type Block, MESSAGE_BLOCK_LIMIT, MESSAGE_TEXT_BUDGET, type Message, SECTION_TEXT_LIMIT, section } from './kit';

const FENCE = '```';
/** Room for the text inside one code-block section. */
const CODE_ROOM = SECTION_TEXT_LIMIT - 2 * FENCE.length - 2;

/** Breaks every run of backticks so typed text cannot close (or open) a code block. */
function defuseBackticks(text: string): string {
  return text.replace(/`(?=`)/g, '`\u200b');
}

/** Escaped, defused text cut into pieces that each fit a code-block section; nothing dropped. */
function codeChunks(typed: string): string[] {
  const safe = (ch: string) => escapeMrkdwn(ch);
  const chunks: string[] = [];
  let current = '';
  for (const ch of defuseBackticks(typed)) {
    const piece = safe(ch);
    if (current.length + piece.length > CODE_ROOM) {
      chunks.push(current);
      current = '';
    }
    current += piece;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** Ephemeral when saving failed: hands back what the user typed so nothing is lost. */
export function couldNotSave(typed: string): Message {
  const intro = "Couldn't save that, try again. Here's what you typed:";
  const chunks = codeChunks(typed);
  const blocks: Block[] = [section(intro)];
  let room = MESSAGE_TEXT_BUDGET - intro.length;
  for (const chunk of chunks.slice(0, MESSAGE_BLOCK_LIMIT - 2)) {
    const block = section(`${FENCE}\n${chunk}\n${FENCE}`);
    room -= block.text?.text.length ?? 0;
    if (room < 0) break;
    blocks.push(block);
  }
  if (blocks.length - 1 < chunks.length) {
    blocks.push(section('_(Too long to show here in full — the notification text above has all of it.)_'));
  }
  // The fallback text (up to 40,000 characters) always carries all of it.
  return { text: `${intro}\n${escapeMrkdwn(typed)}`, blocks };
}

/**
 * A plain ephemeral refusal ("Only the lead or the owner can mark *#12* done."). `sentence` is
 * app-built mrkdwn: callers escape any user text in it first (e.g. with `taskLine`). Nothing is
 * escaped here, so formatting and mentions in the sentence work.
 */
export function problem(sentence: string): Message {
  return { text: sentence, blocks: [section(sentence)] };
}

/** A plain ephemeral confirmation ("Marked *#12* done."). Same contract as `problem`. */
export function taskUpdated(sentence: string): Message {
  return { text: sentence, blocks: [section(sentence)] };
}

/** DM when a check-in note could not be saved: the note comes back, escaped, so it is not lost. */
export function noteNotSaved(note: string): Message {
  return problem(`Couldn't save your note, try again. You wrote: ${escapeMrkdwn(note)}`);
}
