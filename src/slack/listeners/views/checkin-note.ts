import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { answerCheckin } from '../../../app/checkins';
import type { Deps } from '../../../app/deps';
import { isCheckinStatus } from '../../../domain/checkin';
import { checkinAnswered } from '../../blocks/checkin';
import { problem } from '../../blocks/notices';
import { modalFields } from '../../ids';
import { formValues, metadata } from './form-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** "Add a note" submitted: the note (and status, if picked) lands on the check-in. */
export const onCheckinNoteSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: Args) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const meta = metadata(view);
    const values = formValues(view);
    const checkinId = typeof meta.checkinId === 'number' ? meta.checkinId : null;
    const picked = values.option(modalFields.checkinStatus);
    const status = isCheckinStatus(picked) ? picked : null;
    const note = values.text(modalFields.checkinNote);
    if (checkinId === null) return;
    try {
      const result = await answerCheckin(deps, { teamId: team, actorId: user, checkinId, status, note });
      if (!result.ok) {
        await client.chat.postMessage({ channel: user, ...problem(result.message) });
        return;
      }
      if (status && typeof meta.channel === 'string' && typeof meta.ts === 'string') {
        const person = await deps.store.findPerson(team, user);
        const now = deps.now();
        const answered = checkinAnswered(result.task, {
          status,
          note,
          byUserId: user,
          at: now,
          timeZone: person?.timeZone ?? 'UTC',
          now,
        });
        await client.chat.update({ channel: meta.channel, ts: meta.ts, ...answered });
      }
    } catch (err) {
      deps.logger.error({ err, team, user }, 'could not record a check-in note');
      await client.chat
        .postMessage({ channel: user, ...problem(`Couldn't save your note, try again. You wrote: ${note ?? ''}`) })
        .catch((replyErr: unknown) => deps.logger.error({ err: replyErr, team, user }, 'could not report the failure'));
    }
  };
