import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { checkSettings, saveSettings } from '../../../app/settings';
import { problem } from '../../blocks/notices';
import { SETTINGS_MISSING, settingsSaved } from '../../blocks/settings';
import { settingsFields as f } from '../../ids';
import { formValues } from './form-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** `/delegate settings` submitted: field errors with the ack; saved, rescheduled and confirmed by DM after it. */
export const onSettingsSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: Args) => {
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const values = formValues(view);
    const days = view.state.values[f.workingDays]?.[f.workingDays]?.selected_options ?? [];
    const { errors, settings } = checkSettings({
      promptTime: values.time(f.promptTime),
      workingDays: days.map((o) => o.value),
      pausedUntil: values.date(f.pausedUntil),
      digestDay: values.option(f.digestDay),
    });
    const fieldErrors = {
      ...(errors.promptTime && { [f.promptTime]: SETTINGS_MISSING.promptTime }),
      ...(errors.workingDays && { [f.workingDays]: SETTINGS_MISSING.workingDays }),
    };
    if (Object.keys(fieldErrors).length > 0) {
      await ack({ response_action: 'errors', errors: fieldErrors });
      return;
    }
    await ack();
    try {
      const saved = await saveSettings(deps, team, user, settings);
      await client.chat.postMessage({ channel: user, ...settingsSaved({ ...settings, ...saved, now: deps.now() }) });
    } catch (err) {
      deps.logger.error({ err, team, user }, 'could not save prompt settings');
      await client.chat
        .postMessage({ channel: user, ...problem("Couldn't save your settings, try again.") })
        .catch((replyErr: unknown) => deps.logger.error({ err: replyErr, team, user }, 'could not report the failure'));
    }
  };
