import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { receiveCapture } from '../../../app/capture-command';
import { changeTask } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { listTasks } from '../../../app/list-tasks';
import { loadSettings } from '../../../app/settings';
import { parseDelegateCommand } from '../../../domain/delegate-command';
import { cleanUserText } from '../../../domain/text';
import { commandErrorText, helpMessage } from '../../blocks/help';
import { taskList } from '../../blocks/list';
import { captureModal } from '../../blocks/modals';
import { taskUpdated } from '../../blocks/notices';
import { refused } from '../../blocks/refusals';
import { settingsModal } from '../../blocks/settings';
import { ephemeral, orCouldNotSave } from '../replies';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/delegate …`: ack first, then parse, then one use case, then one answer. */
export const onDelegateCommand =
  (deps: Deps) =>
  async ({ ack, command, respond, client }: Args) => {
    await ack();
    const team = command.team_id;
    const user = command.user_id;
    const parsed = parseDelegateCommand(cleanUserText(command.text));
    await orCouldNotSave(deps.logger, { team, user }, command.text, respond, async () => {
      switch (parsed.kind) {
        case 'modal':
          // The trigger expires 3 s after the command: the form opens before anything slow.
          await client.views.open({
            trigger_id: command.trigger_id,
            view: captureModal({ privateMetadata: JSON.stringify({ channel: command.channel_id }) }),
          });
          return;
        case 'help':
          await respond(ephemeral(helpMessage()));
          return;
        case 'error':
          await respond(ephemeral(helpMessage(commandErrorText(parsed.error))));
          return;
        case 'settings':
          await client.views.open({
            trigger_id: command.trigger_id,
            view: settingsModal(await loadSettings(deps, team, user)),
          });
          return;
        case 'list': {
          const overview = await listTasks(deps, team, user);
          await respond(
            ephemeral(taskList(overview, { viewerId: user, timeZone: overview.timeZone, now: deps.now() })),
          );
          return;
        }
        case 'done':
        case 'drop':
        case 'reopen': {
          const change =
            parsed.kind === 'done'
              ? { kind: 'complete' as const }
              : parsed.kind === 'drop'
                ? { kind: 'drop' as const }
                : { kind: 'reopen' as const };
          const result = await changeTask(deps, {
            teamId: team,
            actorId: user,
            task: { number: parsed.number },
            change,
          });
          const verb = { done: 'Marked', drop: 'Dropped', reopen: 'Reopened' }[parsed.kind];
          await respond(
            ephemeral(
              result.ok
                ? taskUpdated(
                    `${verb} *#${result.task.number}*${parsed.kind === 'done' ? ' done' : parsed.kind === 'reopen' ? ': you hold it again' : ''}.`,
                  )
                : refused(result.refusal),
            ),
          );
          return;
        }
        case 'capture':
          // Stored and handed to a worker, which captures and answers (app/capture-command.ts):
          // the request path stays short however many commands arrive at once.
          await receiveCapture(deps, {
            teamId: team,
            userId: user,
            channelId: command.channel_id,
            text: command.text,
            responseUrl: command.response_url,
            triggerId: command.trigger_id,
          });
          return;
      }
    });
  };
