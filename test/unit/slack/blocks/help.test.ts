import { describe, expect, it } from 'vitest';
import type { CommandError } from '../../../../src/domain/delegate-command';
import { commandErrorText, helpMessage } from '../../../../src/slack/blocks/help';

const EXAMPLE = '`/delegate Draft the launch memo @ana by Friday #launch`';

/** Every kind of command error, and what the person who typed it reads. */
const sentences: Array<[CommandError, string]> = [
  [
    { kind: 'unknown_command', typed: 'lsit', meant: 'list' },
    'I don\'t know the command "lsit". Did you mean `/delegate list`?',
  ],
  [{ kind: 'number_missing', command: 'done' }, 'Which task? Add its number, e.g. `/delegate done #12`.'],
  [
    { kind: 'not_a_number', typed: '#abc', command: 'drop' },
    '"#abc" is not a task number; use a positive number, e.g. `/delegate drop #12`.',
  ],
  [{ kind: 'several_owners', count: 2 }, 'Mention one owner; you mentioned 2.'],
  [
    { kind: 'group_owner', name: '@design' },
    `A task has one owner: mention a person, not a user group (@design). Example: ${EXAMPLE}.`,
  ],
  [
    { kind: 'group_owner', name: null },
    `A task has one owner: mention a person, not a user group. Example: ${EXAMPLE}.`,
  ],
  [{ kind: 'title_missing' }, `What's the task? Write it before the @owner, e.g. ${EXAMPLE}.`],
  [{ kind: 'title_too_long', length: 201 }, 'Titles are at most 200 characters; yours has 201.'],
];

describe('command errors', () => {
  it.each(sentences)('%j', (error, sentence) => {
    expect(commandErrorText(error)).toBe(sentence);
  });

  it('leads the usage, with what was typed escaped', () => {
    const help = helpMessage(commandErrorText({ kind: 'unknown_command', typed: '<!here>', meant: 'help' }));
    expect(help.text).toMatch(/^I don't know the command "&lt;!here&gt;"\. Did you mean `\/delegate help`\? Usage:/);
  });
});
