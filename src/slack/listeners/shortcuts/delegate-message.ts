import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { captureModal } from '../../blocks/modals';
import { isLateForm } from '../replies';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** "Delegate this" on a message: the capture form, prefilled with the message and a link to it. */
export const onDelegateMessage =
  (deps: Deps) =>
  async ({ ack, shortcut, client }: Args) => {
    await ack();
    const team = shortcut.team?.id ?? shortcut.user.team_id ?? '';
    const text = shortcut.message.text ?? '';
    const firstLine =
      text
        .split('\n')
        .find((line) => line.trim())
        ?.trim() ?? '';
    try {
      // The trigger expires 3 s after the click: the form opens first, the permalink is fetched after.
      const opened = await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: captureModal({
          prefill: { title: firstLine, details: text, sourceLabel: `From a message in <#${shortcut.channel.id}>` },
          privateMetadata: JSON.stringify({ channel: shortcut.channel.id, sourceTs: shortcut.message.ts }),
        }),
      });
      const permalink = await deps.directory.permalink(team, shortcut.channel.id, shortcut.message.ts);
      const view = opened.view;
      if (!permalink || !view?.id) return;
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: captureModal({
          prefill: {
            title: firstLine,
            details: `${text}\n\n${permalink}`,
            sourceLabel: `From a message in <#${shortcut.channel.id}>`,
          },
          privateMetadata: JSON.stringify({ channel: shortcut.channel.id, sourceTs: shortcut.message.ts, permalink }),
        }),
      });
    } catch (err) {
      const context = { team, user: shortcut.user.id };
      if (isLateForm(err)) deps.logger.warn(context, 'a form could not open in time');
      else deps.logger.error({ err, ...context }, 'could not open the capture form from a message');
    }
  };
