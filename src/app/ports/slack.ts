/** Slack as the use cases see it: reading the workspace, and sending messages. slack/ implements both. */
import type { Person } from '../../domain/person';
import type { Task } from '../../domain/task';
import type {
  CommandAnswer,
  DigestContent,
  HomeContent,
  Notice,
  PostedMessage,
  PromptContent,
  Thanks,
  ThreadAsk,
  ThreadNote,
} from './notices';

export interface ChannelInfo {
  id: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** Whether Baton's bot user is a member. */
  isMember: boolean;
}

/** Reading the workspace from Slack. */
export interface Directory {
  /** users.info; null when Slack does not know the user. */
  person(teamId: string, userId: string): Promise<Person | null>;
  /** Every member of the workspace (users.list, all pages). */
  everyone(teamId: string): Promise<Person[]>;
  /** conversations.info; null when the channel does not exist or is invisible to the bot. */
  channel(teamId: string, channelId: string): Promise<ChannelInfo | null>;
  joinChannel(teamId: string, channelId: string): Promise<void>;
  permalink(teamId: string, channelId: string, ts: string): Promise<string | null>;
}

/**
 * Sending messages in Slack. Each send makes one Web API call and tags the message with its
 * delivery key, so that after a crash `findSent` can tell whether it went out.
 * Sends throw RateLimited on a 429 and MaybeSent when the outcome is unknown (./errors.ts).
 */
export interface Messenger {
  /** A DM to `notice.to`, rendered in their time zone. */
  notify(notice: Notice, timeZone: string, key: string): Promise<PostedMessage>;
  /** The morning prompt, as a DM to the lead. */
  prompt(teamId: string, content: PromptContent, timeZone: string, key: string): Promise<PostedMessage>;
  /** Re-renders a morning prompt in place after the lead acted on it. */
  updatePrompt(teamId: string, message: PostedMessage, content: PromptContent, timeZone: string): Promise<void>;
  /** A check-in, reminder or overdue ask; throws ChannelUnavailable when the thread can't be posted in. */
  ask(task: Task, ask: ThreadAsk, timeZone: string, key: string): Promise<PostedMessage>;
  /** A note in the task's thread (done, new due date). */
  threadNote(task: Task, note: ThreadNote, timeZone: string, key: string): Promise<PostedMessage>;
  /** A message sent with this delivery key to `target` (user or channel id, maybe in a thread) since `since`. */
  findSent(
    teamId: string,
    where: { target: string; threadTs?: string | undefined },
    key: string,
    since: Date,
  ): Promise<PostedMessage | null>;
  /** Posts the task's parent message in its channel. */
  postTaskParent(task: Task, timeZone: string, key: string): Promise<PostedMessage>;
  /** Re-renders the task's parent message in place. */
  updateTaskParent(task: Task, timeZone: string): Promise<void>;
  /** The DM to whoever installed Baton: what it does and how to start. */
  welcome(teamId: string, userId: string, key: string): Promise<PostedMessage>;
  /** The weekly digest, as a DM to the lead. */
  digest(teamId: string, content: DigestContent, timeZone: string, key: string): Promise<PostedMessage>;
  /** Thanks for a finished task, in its thread (by DM to the finisher when the thread can't take it), or by DM. */
  thanks(task: Task, thanks: Thanks, timeZone: string, key: string): Promise<PostedMessage>;
  /**
   * Answers a `/delegate` command through its response_url, as an ephemeral message. Throws
   * AnswerUndeliverable when the url takes no more answers (expired, used up).
   */
  answerCommand(responseUrl: string, answer: CommandAnswer): Promise<void>;
  /** Publishes the person's App Home (views.publish), rendered in their zone. */
  publishHome(teamId: string, home: HomeContent, timeZone: string): Promise<void>;
}

/** A bot token refreshed with its refresh token (token rotation): the new token, refresh token and expiry. */
export interface RefreshedToken {
  token: string;
  refreshToken: string;
  expiresAt: Date;
}

/** Slack's oauth.v2.access with grant_type=refresh_token. Throws RefreshRefused when Slack will not. */
export interface TokenRefresher {
  refresh(refreshToken: string): Promise<RefreshedToken>;
}
