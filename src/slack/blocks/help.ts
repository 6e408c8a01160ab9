import { escapeMrkdwn } from '../../domain/mrkdwn';
import { context, type Message, section } from './kit';

const USAGE = [
  '*`/delegate`* — open a form to capture a task',
  '*`/delegate <what> [@owner] [by <when>] [#channel]`* — capture inline, e.g. `/delegate Write launch memo @ana by Friday #launch`',
  '*`/delegate list`* — what you hold, what you handed off, what you own',
  '*`/delegate done #12`*, *`/delegate drop #12`* — finish or drop a task by its number',
  '*`/delegate settings`* — your prompt time, working days and vacations',
  '*`/delegate help`* — this message',
].join('\n');

/** The usage of /delegate, optionally led by what was wrong with the last command. */
export function helpMessage(problem?: string): Message {
  const intro = problem ? `${escapeMrkdwn(problem)}\n\n` : '';
  return {
    text: `${problem ? `${escapeMrkdwn(problem)} ` : ''}Usage: /delegate <what> [@owner] [by <when>] [#channel], or list, done, drop, settings, help`,
    blocks: [
      section(`${intro}*Baton helps you hand work off.* Here is what \`/delegate\` does:`),
      section(USAGE),
      context('Every working morning Baton asks you who can own what you still hold.'),
    ],
  };
}
