import type { webApi } from '@slack/bolt';
import { AnswerUndeliverable, ChannelUnavailable, MaybeSent, RateLimited } from '../app/ports/errors';
import type { Notice, PostedMessage } from '../app/ports/notices';
import type { Messenger } from '../app/ports/slack';
import type { Task } from '../domain/task';
import { channelParent } from './blocks/channel';
import {
  checkinMessage,
  doneInThread,
  dueMovedInThread,
  escalationMessage,
  fallbackNotice,
  leadAlert,
  newDueConfirmed,
  overdueMessage,
  reminderMessage,
} from './blocks/checkin';
import { digestMessage, thanksMessage } from './blocks/digest';
import { doneNotice, droppedNotice, leadAnswer, ownerOffer, reassignedToFormerOwner } from './blocks/handoff';
import { welcomeMessage } from './blocks/help';
import { homeView } from './blocks/home';
import type { Message } from './blocks/kit';
import { couldNotSave } from './blocks/notices';
import { promptMessage } from './blocks/prompt';
import { slackErrorCode } from './directory';
import { captureReply, ephemeral } from './listeners/replies';

/** Every message Baton sends carries its delivery key, so a crashed send can be found later. */
const DELIVERY_EVENT = 'baton_delivery';

type Client = webApi.WebClient;

/**
 * Renders with the Block Kit builders and sends, one Web API call each; Slack's failures become the
 * app's. `pacing` is consulted right before each post and told at once of a 429.
 */
export function slackMessenger(
  clientFor: (teamId: string) => Promise<Client>,
  now: () => Date,
  pacing: SendPacing = { beforeSend: async () => {}, afterSend: async () => {}, rateLimited: async () => {} },
): Messenger {
  const post = (teamId: string, channel: string, message: Message & { thread_ts?: string }, key: string) =>
    sending(teamId, pacing, async () => {
      await pacing.beforeSend(teamId, channel);
      try {
        const metadata = { event_type: DELIVERY_EVENT, event_payload: { key } };
        return posted(await (await clientFor(teamId)).chat.postMessage({ channel, ...message, metadata }));
      } finally {
        await pacing.afterSend(teamId, channel);
      }
    });
  /** A reply in the task's thread; a channel that can't take it any more is the app's ChannelUnavailable. */
  const inThread = async (task: Task, message: Message, key: string) => {
    try {
      return await post(task.teamId, task.channelId ?? '', { ...message, thread_ts: task.threadTs ?? undefined }, key);
    } catch (err) {
      const problem = slackErrorCode(err);
      if (problem === 'is_archived' || problem === 'not_in_channel' || problem === 'channel_not_found') {
        throw new ChannelUnavailable(problem);
      }
      throw err;
    }
  };
  return {
    // A user id as channel: Slack posts in the app's DM with them (no conversations.open per message).
    notify: (notice, timeZone, key) => post(notice.task.teamId, notice.to, render(notice, timeZone, now()), key),
    prompt: (teamId, content, timeZone, key) =>
      post(teamId, content.leadId, promptMessage({ ...content, timeZone, now: now() }), key),
    async updatePrompt(teamId, message, content, timeZone) {
      const rendered = promptMessage({ ...content, timeZone, now: now() });
      await sending(teamId, pacing, async () =>
        (await clientFor(teamId)).chat.update({ channel: message.channel, ts: message.ts, ...rendered }),
      );
    },
    ask(task, ask, timeZone, key) {
      const options = { checkinId: ask.checkinId, timeZone, now: now() };
      const message =
        ask.kind === 'overdue'
          ? overdueMessage(task, options)
          : ask.kind === 'reminder'
            ? reminderMessage(task, options)
            : checkinMessage(task, { ...options, reason: ask.reason ?? 'cadence' });
      if (ask.via === 'dm') return post(task.teamId, task.ownerId ?? '', message, key);
      return inThread(task, message, key);
    },
    threadNote(task, note, timeZone, key) {
      const message =
        note.kind === 'done'
          ? doneInThread(task, { byUserId: note.byUserId })
          : dueMovedInThread(task, { byUserId: note.byUserId, timeZone, now: now() });
      return inThread(task, message, key);
    },
    async postTaskParent(task, timeZone, key) {
      if (!task.channelId) throw new Error(`task ${task.id} has no channel`);
      return post(task.teamId, task.channelId, channelParent(task, { timeZone, now: now() }), key);
    },
    async updateTaskParent(task, timeZone) {
      if (!task.channelId || !task.threadTs) return;
      const message = channelParent(task, { timeZone, now: now() });
      await sending(task.teamId, pacing, async () =>
        (await clientFor(task.teamId)).chat.update({
          channel: task.channelId ?? '',
          ts: task.threadTs ?? '',
          ...message,
        }),
      );
    },
    welcome: (teamId, userId, key) => post(teamId, userId, welcomeMessage(), key),
    digest: (teamId, content, timeZone, key) =>
      post(
        teamId,
        content.leadId,
        digestMessage({ facts: content.facts, names: content.names, timeZone, now: now() }),
        key,
      ),
    async thanks(task, thanks, _timeZone, key) {
      const message = thanksMessage({ leadId: thanks.leadId, finisherId: thanks.finisherId, task });
      if (thanks.via === 'dm') return post(task.teamId, thanks.finisherId, message, key);
      try {
        return await inThread(task, message, key);
      } catch (err) {
        // The thread can't take it any more (archived, Baton removed): the finisher still hears it.
        if (err instanceof ChannelUnavailable) return post(task.teamId, thanks.finisherId, message, key);
        throw err;
      }
    },
    async answerCommand(responseUrl, answer) {
      const message = answer.kind === 'captured' ? captureReply(answer.result, now()) : couldNotSave(answer.typed);
      await postToResponseUrl(responseUrl, ephemeral(message));
    },
    async publishHome(teamId, home, timeZone) {
      const view = homeView({ ...home, timeZone, now: now() });
      await sending(teamId, pacing, async () =>
        (await clientFor(teamId)).views.publish({ user_id: home.viewerId, view }),
      );
    },
    async findSent(teamId, { target, threadTs }, key, since) {
      const client = await clientFor(teamId);
      const channel = /^[UW]/.test(target) ? (await client.conversations.open({ users: target })).channel?.id : target;
      if (!channel) return null;
      const query = { channel, oldest: (since.getTime() / 1000).toFixed(6), include_all_metadata: true, limit: 200 };
      try {
        // Thread replies are not in the channel's history: they are under their parent.
        const found = threadTs
          ? (await client.conversations.replies({ ...query, ts: threadTs })).messages
          : (await client.conversations.history(query)).messages;
        const match = found?.find(
          (m) =>
            m.metadata?.event_type === DELIVERY_EVENT &&
            (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
        );
        return match?.ts ? { channel, ts: match.ts } : null;
      } catch (err) {
        // A conversation Baton can no longer read (removed from it, deleted): nothing found there.
        const problem = slackErrorCode(err);
        if (problem === 'not_in_channel' || problem === 'channel_not_found') return null;
        throw err;
      }
    },
  };
}

/** How long an answer through a response_url may take before the job tries again. */
const RESPONSE_URL_TIMEOUT_MS = 10_000;

/**
 * One POST to a response_url (docs/slack-platform.md: 5 posts within 30 minutes). A 4xx other than
 * 429 means it takes no more (expired, used up, refused): AnswerUndeliverable. Anything else that
 * is not a 2xx throws, for the job to try again.
 */
async function postToResponseUrl(url: string, message: object): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  const body = await res.text();
  if (res.ok) return;
  const reason = `${res.status} ${body.slice(0, 200)}`;
  if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new AnswerUndeliverable(reason);
  throw new Error(`the command's response_url answered ${reason}`);
}

/** Hooks around each post: wait for the workspace or the channel, and hold everyone back on a 429. */
export interface SendPacing {
  /** Throws RateLimited while the workspace must wait, SendLater while the channel is taken; else claims the channel. */
  beforeSend(teamId: string, channel: string): Promise<void>;
  /** The claimed post is done, whatever its outcome. */
  afterSend(teamId: string, channel: string): Promise<void>;
  /** Slack answered 429: block the workspace at once, before any other job's next post. */
  rateLimited(teamId: string, retryAfterMs: number): Promise<void>;
}

/** Maps the Web API client's errors to what the app acts on: rate limited, or maybe sent. */
async function sending<T>(teamId: string, pacing: SendPacing, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'slack_webapi_rate_limited_error') {
      const retryAfterMs = ((err as { retryAfter?: number }).retryAfter ?? 30) * 1000;
      await pacing.rateLimited(teamId, retryAfterMs);
      throw new RateLimited(retryAfterMs);
    }
    // The request left but no answer came back (timeout, reset), or Slack failed with a 5xx, which
    // it may answer after posting: either way the message may be out, and is looked for before a resend.
    if (code === 'slack_webapi_request_error' || code === 'slack_webapi_http_error') {
      throw new MaybeSent((err as Error).message);
    }
    throw err;
  }
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
    case 'alert':
      return leadAlert(notice.task, {
        status: notice.status,
        note: notice.note,
        ownerId: notice.ownerId,
        timeZone,
        now,
      });
    case 'escalation':
      return escalationMessage(notice.task, { ownerId: notice.ownerId, silentWorkingDays: notice.silentWorkingDays });
    case 'fallback':
      return fallbackNotice(notice.task, { channelId: notice.channelId, reason: notice.reason });
    case 'due_changed':
      return newDueConfirmed(notice.task, { byUserId: notice.byUserId, timeZone, now });
  }
}

function posted(res: webApi.ChatPostMessageResponse): PostedMessage {
  if (!res.channel || !res.ts) throw new Error('chat.postMessage answered without channel or ts');
  return { channel: res.channel, ts: res.ts };
}
