import type { webApi } from '@slack/bolt';
import type { Messenger, Notice } from '../app/ports';
import { channelParent } from './blocks/channel';
import { doneNotice, droppedNotice, leadAnswer, ownerOffer, reassignedToFormerOwner } from './blocks/handoff';
import type { Message } from './blocks/kit';

/** Renders notices with the Block Kit builders and sends them, one Web API call each. */
export function slackMessenger(clientFor: (teamId: string) => webApi.WebClient, now: () => Date): Messenger {
  return {
    async notify(notice, timeZone) {
      const message = render(notice, timeZone, now());
      // A user id as channel: Slack posts in the app's DM with them and returns the D… channel.
      const res = await clientFor(notice.task.teamId).chat.postMessage({ channel: notice.to, ...message });
      return posted(res);
    },
    async postTaskParent(task, timeZone) {
      if (!task.channelId) throw new Error(`task ${task.id} has no channel`);
      const message = channelParent(task, { timeZone, now: now() });
      return posted(await clientFor(task.teamId).chat.postMessage({ channel: task.channelId, ...message }));
    },
    async updateTaskParent(task, timeZone) {
      if (!task.channelId || !task.threadTs) return;
      const message = channelParent(task, { timeZone, now: now() });
      await clientFor(task.teamId).chat.update({ channel: task.channelId, ts: task.threadTs, ...message });
    },
  };
}

function render(notice: Notice, timeZone: string, now: Date): Message {
  switch (notice.kind) {
    case 'offer':
      return ownerOffer(notice.task, { timeZone, now });
    case 'answer':
      return leadAnswer(notice.task, notice.answer, { ownerId: notice.ownerId, reason: notice.reason, timeZone, now });
    case 'reassigned':
      return reassignedToFormerOwner(notice.task, { formerOwnerId: notice.formerOwnerId });
    case 'dropped':
      return droppedNotice(notice.task);
    case 'done':
      return doneNotice(notice.task, { actorId: notice.actorId });
  }
}

function posted(res: webApi.ChatPostMessageResponse): { channel: string; ts: string } {
  if (!res.channel || !res.ts) throw new Error('chat.postMessage answered without channel or ts');
  return { channel: res.channel, ts: res.ts };
}
