import type { webApi } from '@slack/bolt';
import type { Logger } from '../observability/logger';

/** Who Baton's bot is in the workspace its token belongs to (auth.test). */
export interface BotIdentity {
  teamId: string;
  enterpriseId: string | null;
  botUserId: string;
  botId: string;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * Learns the bot's identity from Slack, and keeps asking, with backoff, while Slack cannot be
 * reached (a deploy during a Slack outage must not stop Baton). `onKnown` runs once it is known.
 */
export class BotIdentityWatch {
  private identity: BotIdentity | undefined;
  private problem = 'not asked yet';
  private timer: NodeJS.Timeout | undefined;
  private asking: Promise<void> | undefined;
  private delay = FIRST_RETRY_MS;
  private stopped = false;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
    private readonly onKnown: (identity: BotIdentity) => Promise<void>,
  ) {}

  current(): BotIdentity | undefined {
    return this.identity;
  }

  /** 'ok' once known, else why not. */
  state(): string {
    return this.identity ? 'ok' : `not connected yet: ${this.problem}`;
  }

  start(): void {
    void this.ask();
  }

  /**
   * The identity, asking Slack again now rather than at the next retry (a request came in from
   * Slack, so it is likely back), waiting at most `ms` for the answer.
   */
  async knownWithin(ms: number): Promise<BotIdentity | undefined> {
    if (this.identity || this.stopped) return this.identity;
    if (!this.asking) clearTimeout(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([this.ask(), late]);
    clearTimeout(timer);
    return this.identity;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private ask(): Promise<void> {
    this.asking ??= this.askOnce().finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  private async askOnce(): Promise<void> {
    try {
      const auth = await this.client.auth.test();
      if (!auth.team_id || !auth.user_id || !auth.bot_id) throw new Error('auth.test did not say who the bot is');
      this.identity = {
        teamId: auth.team_id,
        enterpriseId: auth.enterprise_id ?? null,
        botUserId: auth.user_id,
        botId: auth.bot_id,
      };
      this.logger.info({ team: auth.team_id }, 'connected to Slack');
      await this.onKnown(this.identity).catch((err: unknown) =>
        this.logger.error({ err, team: auth.team_id }, 'could not record the workspace Baton is installed in'),
      );
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
      if (this.stopped) return;
      this.logger.warn({ err, retryInMs: this.delay }, 'could not reach Slack to learn who the bot is; retrying');
      this.timer = setTimeout(() => void this.ask(), this.delay);
      this.timer.unref();
      this.delay = Math.min(this.delay * 2, MAX_RETRY_MS);
    }
  }
}

const PROBE_EVERY_MS = 10_000;

/**
 * Slack's reachability for /healthz: api.test (no token, no side effect), at most one call per
 * ten seconds however often health is asked.
 */
export function slackProbe(client: webApi.WebClient): () => Promise<void> {
  let last: { at: number; result: Promise<void> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > PROBE_EVERY_MS) {
      const result = client.apiCall('api.test').then(() => undefined);
      result.catch(() => {});
      last = { at: now, result };
    }
    return last.result;
  };
}
