/**
 * The failures of the outside world that the use cases and the worker act on. slack/ throws them;
 * app/ and queue/ catch them by class.
 */

export type ChannelProblem = 'is_archived' | 'not_in_channel' | 'channel_not_found';

/** The task's channel can't take messages any more; nothing was sent. */
export class ChannelUnavailable extends Error {
  override name = 'ChannelUnavailable';
  constructor(readonly problem: ChannelProblem) {
    super(`the channel is unavailable: ${problem}`);
  }
}

/** Slack answered 429: nothing was sent; try again after `retryAfterMs`. */
export class RateLimited extends Error {
  override name = 'RateLimited';
  constructor(readonly retryAfterMs: number) {
    super(`Slack rate limit: retry after ${retryAfterMs} ms`);
  }
}

/** Not now: this channel had a message less than a second ago (Slack's per-channel pace). Nothing was sent. */
export class SendLater extends Error {
  override name = 'SendLater';
  constructor(readonly waitMs: number) {
    super(`send again in ${waitMs} ms`);
  }
}

/** The request may or may not have reached Slack (a timeout, a dropped connection): do not resend blindly. */
export class MaybeSent extends Error {
  override name = 'MaybeSent';
}

/**
 * Baton is not (or no longer) installed in the workspace: uninstalled, its tokens revoked, or its
 * installation broken. Nothing was sent, and nothing should be retried for it.
 */
export class WorkspaceUnavailable extends Error {
  override name = 'WorkspaceUnavailable';
  constructor(readonly teamId: string) {
    super(`Baton is not installed in workspace ${teamId}`);
  }
}

/** A command's response_url no longer takes answers (expired, used up): retrying cannot help. */
export class AnswerUndeliverable extends Error {
  override name = 'AnswerUndeliverable';
  constructor(readonly reason: string) {
    super(`the command's response_url refused the answer: ${reason}`);
  }
}

/** Slack refused to refresh a token (its refresh token is invalid or revoked): only a reinstall mends it. */
export class RefreshRefused extends Error {
  override name = 'RefreshRefused';
  constructor(readonly reason: string) {
    super(`Slack refused to refresh the token: ${reason}`);
  }
}
