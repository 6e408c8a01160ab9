import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { answerCheckin } from '../../../app/checkins';
import type { Deps } from '../../../app/deps';
import { noteOnTask } from '../../../app/home';
import { isCheckinStatus } from '../../../domain/checkin';
import { zoneOf } from '../../../domain/person';
import { checkinAnswered } from '../../blocks/checkin';
import { noteNotSaved } from '../../blocks/notices';
import { refused } from '../../blocks/refusals';
import { modalFields } from '../../ids';
import { CheckinNoteMetadata, readMetadata } from '../../payloads/metadata';
import { formValues } from './form-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** "Add a note" submitted: the note (and status, if picked) lands on the check-in. */
export const onCheckinNoteSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: Args) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const meta = readMetadata(view.private_metadata, CheckinNoteMetadata);
    if (meta === null) {
      deps.logger.warn({ team, user }, 'ignored a note form with metadata Baton did not write');
      return;
    }
    const values = formValues(view);
    const picked = values.option(modalFields.checkinStatus);
    const status = isCheckinStatus(picked) ? picked : null;
    const note = values.text(modalFields.checkinNote);
    try {
      const answer = { teamId: team, actorId: user, status, note };
      const result =
        'checkinId' in meta
          ? await answerCheckin(deps, { ...answer, checkinId: meta.checkinId })
          : await noteOnTask(deps, { ...answer, taskId: meta.taskId });
      if (!result.ok) {
        await client.chat.postMessage({ channel: user, ...refused(result.refusal) });
        return;
      }
      if (status && 'channel' in meta && meta.channel && meta.ts) {
        const person = await deps.people.find(team, user);
        const now = deps.now();
        const answered = checkinAnswered(result.task, {
          status,
          note,
          byUserId: user,
          at: now,
          timeZone: zoneOf(person),
          now,
        });
        await client.chat.update({ channel: meta.channel, ts: meta.ts, ...answered });
      }
    } catch (err) {
      deps.logger.error({ err, team, user }, 'could not record a check-in note');
      await client.chat
        .postMessage({ channel: user, ...noteNotSaved(note ?? '') })
        .catch((replyErr: unknown) => deps.logger.error({ err: replyErr, team, user }, 'could not report the failure'));
    }
  };
