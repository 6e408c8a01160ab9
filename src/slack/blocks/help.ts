import { type CommandError, MAX_TITLE_LENGTH } from '../../domain/delegate-command';
import { escapeMrkdwn } from '../../domain/mrkdwn';
import { context, type Message, section } from './kit';

const USAGE = [
  '*`/delegate`* — open a form to capture a task',
  '*`/delegate <what> [@owner] [by <when>] [#channel]`* — capture inline, e.g. `/delegate Write launch memo @ana by Friday #launch`',
  '*`/delegate list`* — what you hold, what you handed off, what you own',
  '*`/delegate done #12`*, *`/delegate drop #12`* — finish or drop a task by its number',
  '*`/delegate reopen #12`* — a done or dropped task is yours again',
  '*`/delegate settings`* — your prompt time, working days and vacations',
  '*`/delegate help`* — this message',
].join('\n');

const EXAMPLE = '`/delegate Draft the launch memo @ana by Friday #launch`';

/** What was wrong with a `/delegate` command, as a sentence (typed text in it unescaped: helpMessage escapes). */
export function commandErrorText(error: CommandError): string {
  switch (error.kind) {
    case 'unknown_command':
      return `I don't know the command "${error.typed}". Did you mean \`/delegate ${error.meant}\`?`;
    case 'number_missing':
      return `Which task? Add its number, e.g. \`/delegate ${error.command} #12\`.`;
    case 'not_a_number':
      return `"${error.typed}" is not a task number; use a positive number, e.g. \`/delegate ${error.command} #12\`.`;
    case 'several_owners':
      return `Mention one owner; you mentioned ${error.count}.`;
    case 'group_owner': {
      const name = error.name ? ` (${error.name})` : '';
      return `A task has one owner: mention a person, not a user group${name}. Example: ${EXAMPLE}.`;
    }
    case 'title_missing':
      return `What's the task? Write it before the @owner, e.g. ${EXAMPLE}.`;
    case 'title_too_long':
      return `Titles are at most ${MAX_TITLE_LENGTH} characters; yours has ${error.length}.`;
  }
}

/** The usage of /delegate, optionally led by what was wrong with the last command. */
export function helpMessage(problem?: string): Message {
  const intro = problem ? `${escapeMrkdwn(problem)}\n\n` : '';
  return {
    text: `${problem ? `${escapeMrkdwn(problem)} ` : ''}Usage: /delegate <what> [@owner] [by <when>] [#channel], or list, done, drop, reopen, settings, help`,
    blocks: [
      section(`${intro}*Baton helps you hand work off.* Here is what \`/delegate\` does:`),
      section(USAGE),
      context('Every working morning Baton asks you who can own what you still hold.'),
    ],
  };
}

/** The DM to whoever installed Baton: what it does, and the first thing to type. */
export function welcomeMessage(): Message {
  return {
    text: 'Baton is installed. Start with /delegate <what> [@owner] [by <when>], or /delegate help.',
    blocks: [
      section('*Thanks for installing Baton.* It helps you hand work off, and shows what your team got done.'),
      section(USAGE),
      context(
        'Try `/delegate Draft the launch memo` now: every working morning Baton asks you who can own what you still hold.',
      ),
    ],
  };
}
