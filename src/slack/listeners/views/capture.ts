import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { type CaptureFormErrors, captureTask, checkCaptureForm } from '../../../app/capture-task';
import type { Deps } from '../../../app/deps';
import { CHECKIN_CADENCES, type CheckinCadence } from '../../../domain/task';
import { couldNotSave } from '../../blocks/notices';
import { captureFormErrorTexts } from '../../blocks/refusals';
import { captureFields as f } from '../../ids';
import { CaptureMetadata, readMetadata } from '../../payloads/metadata';
import { captureReply } from '../replies';
import { formValues } from './form-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The capture form: field errors go back with the ack; the task is captured after it. */
export const onCaptureSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: Args) => {
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const values = formValues(view);
    const form = {
      teamId: team,
      leadId: user,
      title: values.text(f.title) ?? '',
      ownerId: values.user(f.owner),
      dueDate: values.date(f.dueDate),
      dueTime: values.time(f.dueTime),
    };
    const errors = await checkCaptureForm(deps, form).catch((err: unknown): CaptureFormErrors => {
      deps.logger.error({ err, team, user }, 'could not check the capture form');
      return {};
    });
    const texts = captureFormErrorTexts(errors);
    const fieldErrors = {
      ...(texts.title && { [f.title]: texts.title }),
      ...(texts.owner && { [f.owner]: texts.owner }),
      ...(texts.due && { [f.dueDate]: texts.due }),
    };
    if (Object.keys(fieldErrors).length > 0) {
      await ack({ response_action: 'errors', errors: fieldErrors });
      return;
    }
    await ack();

    const meta = readMetadata(view.private_metadata, CaptureMetadata) ?? {};
    const cadence = values.option(f.cadence);
    const details = values.text(f.details);
    try {
      const result = await captureTask(deps, {
        teamId: team,
        leadId: user,
        title: form.title,
        details,
        owner: form.ownerId ? { id: form.ownerId } : null,
        channelId: values.conversation(f.channel),
        due: form.dueDate ? { date: form.dueDate, time: form.dueTime } : null,
        cadence: CHECKIN_CADENCES.includes(cadence as CheckinCadence) ? (cadence as CheckinCadence) : 'mwf',
        source: meta.sourceTs ? 'shortcut' : 'modal',
        sourcePermalink: meta.permalink ?? null,
        requestKey: `view-${view.id}`,
      });
      if (result.kind === 'rejected' && result.field === 'lead') {
        // Not someone Baton keeps tasks for (a bot, a deactivated or unknown account): nobody to tell.
        deps.logger.warn({ team, user }, 'refused a capture form from someone who cannot lead tasks');
        return;
      }
      await client.chat.postMessage({ channel: user, ...captureReply(result, deps.now()) });
    } catch (err) {
      deps.logger.error({ err, team, user }, 'could not capture from the form');
      const typed = [form.title, details].filter(Boolean).join('\n\n');
      await client.chat.postMessage({ channel: user, ...couldNotSave(typed) }).catch((replyErr: unknown) => {
        deps.logger.error({ err: replyErr, team, user }, 'could not tell the lead the capture failed');
      });
    }
  };
