import { type CaptureCommand, parseDelegateCommand } from '../domain/delegate-command';
import { cleanUserText } from '../domain/text';
import { type CaptureInput, captureTask } from './capture-task';
import type { Deps } from './deps';
import { AnswerUndeliverable } from './ports/errors';
import type { CommandAnswer } from './ports/notices';
import type { ReceivedCommand } from './ports/received-commands';
import type { DueWork } from './tick';

/** A received command whose job has not finished it after this is presumed lost (a flushed Redis). */
export const COMMAND_STALE_MS = 60_000;

/**
 * The web process's share of an inline `/delegate` capture, after the ack: the command is stored
 * and a worker is asked to capture it, so the request path does two writes and no more
 * (docs/architecture.md, "The request path"). If it cannot be enqueued, nothing is kept and this
 * throws, so the lead hears at once that it was not saved.
 */
export async function receiveCapture(deps: Deps, command: Omit<ReceivedCommand, 'receivedAt'>): Promise<void> {
  // Control characters go before anything is stored (Postgres text cannot even hold a NUL).
  const text = cleanUserText(command.text);
  const commandId = await deps.receivedCommands.save({ ...command, text, receivedAt: deps.now() });
  try {
    await deps.jobs.captureCommands([{ teamId: command.teamId, commandId }]);
  } catch (err) {
    await deps.receivedCommands.remove(command.teamId, commandId);
    throw err;
  }
}

/**
 * The worker's share: captures the stored command as of when it was received, forgets the command,
 * then answers the lead through its response_url, once at most. A replay (a retried job, the sweep)
 * captures nothing new: the trigger id is the capture's request key. On the job's last attempt a
 * failure still answers, "couldn't save that" with the text typed, so nothing is lost silently.
 * A row left behind (its job lost or failed for good) is retried whole by the tick's sweep.
 */
export async function runCaptureCommand(
  deps: Deps,
  teamId: string,
  commandId: number,
  lastAttempt: boolean,
): Promise<void> {
  const command = await deps.receivedCommands.find(teamId, commandId);
  if (!command) return; // done already
  const context = { team: teamId, user: command.userId, command: commandId };
  const parsed = parseDelegateCommand(command.text);
  if (parsed.kind !== 'capture') {
    // Only captures are stored (slack/listeners/commands/delegate.ts); a row that parses otherwise was not written by Baton.
    deps.logger.error({ ...context, kind: parsed.kind }, 'a received command is not a capture; dropped');
    await deps.receivedCommands.remove(teamId, commandId);
    return;
  }
  let answer: CommandAnswer;
  try {
    const result = await captureTask({ ...deps, now: () => command.receivedAt }, captureInput(command, parsed));
    answer = { kind: 'captured', result };
  } catch (err) {
    if (!lastAttempt) throw err;
    // Forgotten before the lead is told, so the tick's sweep can never capture it after "couldn't
    // save that" (if even this fails, the sweep tries the whole command again later).
    await deps.receivedCommands.remove(teamId, commandId);
    deps.logger.error({ err, ...context }, 'could not capture a command; telling the lead');
    await answerLead(deps, command, { kind: 'could_not_save', typed: command.text }, context);
    return;
  }
  // Forgotten before the answer, so the answer goes at most once: a retry after an answer whose
  // row outlived it (Postgres gone in between) would answer twice.
  await deps.receivedCommands.remove(teamId, commandId);
  await answerLead(deps, command, answer, context);
}

async function answerLead(
  deps: Deps,
  command: ReceivedCommand,
  answer: CommandAnswer,
  context: Record<string, unknown>,
): Promise<void> {
  try {
    await deps.messenger.answerCommand(command.responseUrl, answer);
  } catch (err) {
    // Captured all the same: the lead sees the task in `/delegate list` and on their Home.
    if (err instanceof AnswerUndeliverable) {
      deps.logger.warn({ ...context, reason: err.reason }, 'the command could not be answered any more');
    } else deps.logger.error({ err, ...context }, 'could not answer a command; it is not tried again');
  }
}

function captureInput(command: ReceivedCommand, parsed: CaptureCommand): CaptureInput {
  const owner = parsed.ownerId ? { id: parsed.ownerId } : parsed.ownerName ? { name: parsed.ownerName } : null;
  return {
    teamId: command.teamId,
    leadId: command.userId,
    title: parsed.title,
    details: null,
    owner,
    channelId: parsed.channelId ?? null,
    due: parsed.duePhrase ? { phrase: parsed.duePhrase } : null,
    cadence: 'mwf',
    source: 'command',
    sourcePermalink: null,
    requestKey: `command-${command.triggerId}`,
  };
}

/** The tick's sweep: commands whose job was lost (Redis flushed) are enqueued again. */
export function dueCaptureCommands(deps: Deps): DueWork {
  return {
    name: 'commands',
    async enqueueDue() {
      const stale = await deps.receivedCommands.listStale(COMMAND_STALE_MS, 1_000);
      if (stale.length > 0) await deps.jobs.captureCommands(stale);
      return stale.length;
    },
  };
}
