import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { thank } from '../../../app/digest';
import { markThanked } from '../../blocks/digest';
import { refused } from '../../blocks/refusals';
import { ephemeral, orCouldNotSave } from '../replies';
import { actionTarget } from './target';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * "Thank <name>" in the weekly digest: the thanks go out once through the `thank` job (a second
 * click finds them sent), and the digest shows the task as thanked. A task that is not the
 * clicker's own finished one (another lead's, another workspace's, a forged id) is answered as an
 * unknown task, and nothing is sent.
 */
export const onDigestThank =
  (deps: Deps) =>
  async ({ ack, body, respond }: Args): Promise<void> => {
    await ack();
    const { team, user, id } = actionTarget(body);
    if (id === null) return;
    await orCouldNotSave(deps.logger, { team, user, task: id }, '', respond, async () => {
      const result = await thank(deps, team, user, id);
      if (!result.ok) {
        await respond(ephemeral(refused(result.refusal)));
        return;
      }
      const message = body.message;
      if (!message?.blocks) return;
      await respond({
        replace_original: true,
        text: typeof message.text === 'string' ? message.text : '',
        blocks: markThanked(message.blocks as types.KnownBlock[], id),
      });
    });
  };
