import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { noteTarget } from '../../../app/home';
import { loadSettings } from '../../../app/settings';
import { noteModal } from '../../blocks/checkin';
import { refused } from '../../blocks/refusals';
import { settingsModal } from '../../blocks/settings';
import { ephemeral, orCouldNotSave } from '../replies';
import { actionTarget } from './target';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** "Settings" on the Home: the `/delegate settings` form. */
export const onHomeSettings =
  (deps: Deps) =>
  async ({ ack, body, client, respond }: Args): Promise<void> => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    await orCouldNotSave(deps.logger, { team, user }, '', respond, async () => {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: settingsModal(await loadSettings(deps, team, user)),
      });
    });
  };

/** "Add a note" on a task the viewer owns (Home): the check-in note form, for the task's latest check-in (or the task). */
export const onAddNote =
  (deps: Deps) =>
  async ({ ack, body, client, respond }: Args): Promise<void> => {
    await ack();
    const { team, user, id } = actionTarget(body);
    if (id === null) return;
    await orCouldNotSave(deps.logger, { team, user, task: id }, '', respond, async () => {
      const target = await noteTarget(deps, team, user, id);
      if (!target.ok) {
        await respond(ephemeral(refused(target.refusal)));
        return;
      }
      // A task never asked about gets its check-in when the note comes (noteOnTask).
      const metadata = JSON.stringify(target.checkinId === null ? { taskId: id } : { checkinId: target.checkinId });
      await client.views.open({ trigger_id: body.trigger_id, view: noteModal(target.task, metadata) });
    });
  };
