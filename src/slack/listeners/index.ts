import type { App } from '@slack/bolt';
import type { Deps } from '../../app/deps';
import { actions, COMMAND, MESSAGE_SHORTCUT, PROMPT_SUGGEST_PATTERN, views } from '../ids';
import {
  onCheckinAnswer,
  onCheckinNewDue,
  onCheckinNote,
  onEscalationNudge,
  onEscalationTakeBack,
} from './actions/checkin-actions';
import { onDigestThank } from './actions/digest-actions';
import { onAddNote, onHomeSettings } from './actions/home-actions';
import { onCancelPending, onCaptureWithoutDue, onPickDue, onPickOwner } from './actions/pending-actions';
import { onPromptDrop, onPromptHandTo, onPromptKeep, onPromptSnooze, onPromptSuggest } from './actions/prompt-actions';
import { onAccept, onDone, onDrop, onHandBack, onHandTo, onReassign, onSnooze } from './actions/task-actions';
import { onDelegateCommand } from './commands/delegate';
import { dedupeEvents } from './dedupe-events';
import { onAppHomeOpened } from './events/app-home-opened';
import { onTeamAccessChanged } from './events/team-access';
import { onThreadReply } from './events/thread-reply';
import { onAppUninstalled, onTokensRevoked, type UninstallOptions } from './events/uninstall';
import { onUserChange } from './events/user-change';
import { answering } from './replies';
import { onDelegateMessage } from './shortcuts/delegate-message';
import { onCaptureSubmitted } from './views/capture';
import { onCheckinNoteSubmitted } from './views/checkin-note';
import { onKeepSubmitted, onSnoozeDateSubmitted } from './views/prompt-forms';
import { onSettingsSubmitted } from './views/settings';
import { onHandBackSubmitted, onReassignSubmitted } from './views/task-forms';

/** Every Bolt listener, registered in one place so the surface of the app is visible at a glance. */
export function registerListeners(app: App, deps: Deps, uninstall: UninstallOptions): void {
  app.use(dedupeEvents(deps));

  app.command(COMMAND, onDelegateCommand(deps));

  app.action(actions.accept, answering(onAccept(deps)));
  app.action(actions.handBack, answering(onHandBack(deps)));
  app.action(actions.handTo, answering(onHandTo(deps)));
  app.action(actions.done, answering(onDone(deps)));
  app.action(actions.drop, answering(onDrop(deps)));
  app.action(actions.reassign, answering(onReassign(deps)));
  app.action(actions.snooze, answering(onSnooze(deps)));
  app.action(actions.pickOwner, answering(onPickOwner(deps)));
  app.action(actions.pickDue, answering(onPickDue(deps)));
  app.action(actions.captureWithoutDue, answering(onCaptureWithoutDue(deps)));
  app.action(actions.cancelPending, answering(onCancelPending(deps)));

  app.action(actions.promptHandTo, answering(onPromptHandTo(deps)));
  app.action(PROMPT_SUGGEST_PATTERN, answering(onPromptSuggest(deps)));
  app.action(actions.promptSnooze, answering(onPromptSnooze(deps)));
  app.action(actions.promptKeep, answering(onPromptKeep(deps)));
  app.action(actions.promptDrop, answering(onPromptDrop(deps)));

  app.action(actions.digestThank, answering(onDigestThank(deps)));
  app.action(actions.homeSettings, answering(onHomeSettings(deps)));
  app.action(actions.addNote, answering(onAddNote(deps)));

  for (const answer of [actions.checkinOnTrack, actions.checkinAtRisk, actions.checkinBlocked, actions.checkinDone]) {
    app.action(answer, answering(onCheckinAnswer(deps)));
  }
  app.action(actions.checkinNote, answering(onCheckinNote(deps)));
  app.action(actions.checkinNewDue, answering(onCheckinNewDue(deps)));
  app.action(actions.escalationNudge, answering(onEscalationNudge(deps)));
  app.action(actions.escalationTakeBack, answering(onEscalationTakeBack(deps)));

  app.view(views.capture, onCaptureSubmitted(deps));
  app.view(views.checkinNote, onCheckinNoteSubmitted(deps));
  app.view(views.keep, onKeepSubmitted(deps));
  app.view(views.snoozeDate, onSnoozeDateSubmitted(deps));
  app.view(views.settings, onSettingsSubmitted(deps));
  app.view(views.handBack, onHandBackSubmitted(deps));
  app.view(views.reassign, onReassignSubmitted(deps));

  app.shortcut({ type: 'message_action', callback_id: MESSAGE_SHORTCUT }, onDelegateMessage(deps));

  app.event('user_change', onUserChange(deps));
  app.event('message', onThreadReply(deps));
  app.event('app_uninstalled', onAppUninstalled(deps, uninstall));
  app.event('tokens_revoked', onTokensRevoked(deps, uninstall));
  app.event('team_access_granted', onTeamAccessChanged(deps, uninstall));
  app.event('team_access_revoked', onTeamAccessChanged(deps, uninstall));
  app.event('app_home_opened', onAppHomeOpened(deps));
}
