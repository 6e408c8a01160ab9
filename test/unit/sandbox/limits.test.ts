import { describe, expect, it } from 'vitest';
import { SlackApiError, validateBlocks } from '../../../src/sandbox/emulator/limits';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

function errorOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof SlackApiError ? e.code : `non-slack error: ${String(e)}`;
  }
}

describe('validateBlocks', () => {
  it('accepts 50 blocks in a message and rejects 51', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => section(`line ${i}`));
    expect(errorOf(() => validateBlocks(fifty, 'message'))).toBeUndefined();
    expect(errorOf(() => validateBlocks([...fifty, section('one more')], 'message'))).toBe('invalid_blocks');
  });

  it('allows 100 blocks in a view but not 101', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => section(`line ${i}`));
    expect(errorOf(() => validateBlocks(hundred, 'view'))).toBeUndefined();
    expect(errorOf(() => validateBlocks([...hundred, section('x')], 'view'))).toBe('invalid_blocks');
  });

  it('limits section text to 3000 characters', () => {
    expect(errorOf(() => validateBlocks([section('a'.repeat(3000))], 'message'))).toBeUndefined();
    expect(errorOf(() => validateBlocks([section('a'.repeat(3001))], 'message'))).toBe('invalid_blocks');
  });

  it('rejects blocks without a type, duplicate block ids and over-long button text', () => {
    expect(errorOf(() => validateBlocks([{ text: 'x' }], 'message'))).toBe('invalid_blocks');
    expect(
      errorOf(() =>
        validateBlocks(
          [
            { ...section('a'), block_id: 'b' },
            { ...section('b'), block_id: 'b' },
          ],
          'message',
        ),
      ),
    ).toBe('invalid_blocks');
    const button = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } };
    expect(errorOf(() => validateBlocks([{ type: 'actions', elements: [button] }], 'message'))).toBe('invalid_blocks');
  });

  it('fails with msg_blocks_too_long when the text of all blocks is too long', () => {
    const blocks = Array.from({ length: 5 }, () => section('a'.repeat(2900)));
    expect(errorOf(() => validateBlocks(blocks, 'message'))).toBe('msg_blocks_too_long');
    expect(errorOf(() => validateBlocks(blocks, 'view'))).toBeUndefined();
  });
});
