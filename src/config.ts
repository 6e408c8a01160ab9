import { z } from 'zod';

/**
 * The only reader of process.env. Validated once at start-up and frozen.
 * The mode follows from which Slack credentials are set.
 */

export type SlackMode =
  | { kind: 'single'; botToken: string; signingSecret: string }
  | { kind: 'socket'; botToken: string; appToken: string; signingSecret: string }
  | {
      kind: 'oauth';
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      signingSecret: string;
      encryptionKey: string;
    }
  | { kind: 'sandbox' };

export type Role = 'all' | 'web' | 'worker';

export interface Config {
  readonly port: number;
  readonly role: Role;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly slackApiUrl: string;
  readonly slack: Readonly<SlackMode>;
  readonly encryptionKey: string | undefined;
  /** Keys tokens were sealed with before ENCRYPTION_KEY: they still open, until `npm run rotate-key`. */
  readonly previousEncryptionKeys: readonly string[];
  /** Days an uninstalled workspace's data is kept (a reinstall within them brings it back). */
  readonly purgeAfterDays: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly prettyLogs: boolean;
  readonly shutdownGraceMs: number;
  /** Messages per second Baton sends to one workspace, below Slack's workspace-wide limit. */
  readonly slackSendsPerSecond: number;
  /**
   * Jobs one worker process runs at once. Most of a sending job's time is spent waiting on Slack,
   * so several must be in flight to reach the workspaces' pace: 200 prompts a second at 30 to 100 ms
   * each is 6 to 20 at once. The default stays at 8, under the Postgres pool's 10 connections: at 32,
   * jobs that had posted waited for a connection to record it, and each SIGKILL left hundreds of
   * sends to be looked up in Slack (test/chaos/worker-kills.test.ts) instead of a few.
   */
  readonly workerConcurrency: number;
  /** Queue job lock; a job of a dead worker runs again after about twice this. */
  readonly jobLockMs: number;
  /** An unfinished send older than this is presumed dead; Slack is checked before it is sent again. */
  readonly deliveryStaleMs: number;
  /**
   * Whether the worker keeps the every-minute tick schedule in Redis. Off: ticks come from elsewhere
   * (`npm run tick`, an external cron, or a test playing the scheduler on a simulated clock).
   */
  readonly scheduleTicks: boolean;
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/baton'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('baton'),
  SLACK_API_URL: z.string().url('must be a URL').default('https://slack.com/api/'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'must start with xoxb-').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'must start with xapp-').optional()),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  ENCRYPTION_KEY: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** Comma-separated older ENCRYPTION_KEY values, while rotating. */
  ENCRYPTION_KEY_PREVIOUS: optionalText.pipe(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== ''),
      )
      .pipe(z.array(z.string().min(32, 'each key must be at least 32 characters')))
      .optional(),
  ),
  PURGE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: readable lines on a terminal, JSON lines otherwise. */
  LOG_FORMAT: optionalText.pipe(z.enum(['json', 'pretty']).optional()),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  SLACK_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(4),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  DELIVERY_STALE_MS: z.coerce.number().int().min(1_000).default(45_000),
  TICK_SCHEDULE: z.enum(['on', 'off']).default('on'),
});

type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Flags {
  role?: Role;
  pretty?: boolean;
}

/**
 * `stdoutIsTerminal` picks the log format when neither `--pretty` nor LOG_FORMAT does: readable
 * lines for a person at a terminal, JSON lines for anything reading a pipe.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  flags: Flags = {},
  stdoutIsTerminal = false,
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue?.path.join('.') ?? '?'} ${issue?.message ?? ''}`.trim());
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    role: flags.role ?? 'all',
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    slack: Object.freeze(slackMode(e)),
    encryptionKey: e.ENCRYPTION_KEY,
    previousEncryptionKeys: Object.freeze(e.ENCRYPTION_KEY_PREVIOUS ?? []),
    purgeAfterDays: e.PURGE_AFTER_DAYS,
    logLevel: e.LOG_LEVEL,
    prettyLogs: flags.pretty ?? (e.LOG_FORMAT ? e.LOG_FORMAT === 'pretty' : stdoutIsTerminal),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    slackSendsPerSecond: e.SLACK_SENDS_PER_SECOND,
    workerConcurrency: e.WORKER_CONCURRENCY,
    jobLockMs: e.JOB_LOCK_MS,
    deliveryStaleMs: e.DELIVERY_STALE_MS,
    scheduleTicks: e.TICK_SCHEDULE === 'on',
  });
}

function slackMode(e: Env): SlackMode {
  const need = (value: string | undefined, name: string, because: string): string => {
    if (!value) throw new ConfigError(`Invalid configuration: ${name} is required ${because}`);
    return value;
  };
  if (e.SLACK_CLIENT_ID || e.SLACK_CLIENT_SECRET) {
    const because = 'when SLACK_CLIENT_ID or SLACK_CLIENT_SECRET is set (many workspaces)';
    return {
      kind: 'oauth',
      clientId: need(e.SLACK_CLIENT_ID, 'SLACK_CLIENT_ID', because),
      clientSecret: need(e.SLACK_CLIENT_SECRET, 'SLACK_CLIENT_SECRET', because),
      stateSecret: need(e.SLACK_STATE_SECRET, 'SLACK_STATE_SECRET', because),
      signingSecret: need(e.SLACK_SIGNING_SECRET, 'SLACK_SIGNING_SECRET', because),
      // Tokens of many workspaces are stored, and never in clear text.
      encryptionKey: need(e.ENCRYPTION_KEY, 'ENCRYPTION_KEY', because),
    };
  }
  if (e.SLACK_APP_TOKEN) {
    const because = 'with SLACK_APP_TOKEN (Socket Mode)';
    return {
      kind: 'socket',
      appToken: e.SLACK_APP_TOKEN,
      botToken: need(e.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN', because),
      signingSecret: e.SLACK_SIGNING_SECRET ?? '',
    };
  }
  if (e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET) {
    const because = 'for one workspace (set both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)';
    return {
      kind: 'single',
      botToken: need(e.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN', because),
      signingSecret: need(e.SLACK_SIGNING_SECRET, 'SLACK_SIGNING_SECRET', because),
    };
  }
  return { kind: 'sandbox' };
}

export function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--pretty') flags.pretty = true;
    else if (arg === '--role') {
      const role = argv[++i];
      if (role !== 'web' && role !== 'worker' && role !== 'all') {
        throw new ConfigError(`Invalid flag: --role must be web, worker or all (got ${role ?? 'nothing'})`);
      }
      flags.role = role;
    } else if (arg?.startsWith('--role=')) {
      return parseFlags([...argv.slice(0, i), '--role', arg.slice(7), ...argv.slice(i + 1)]);
    }
  }
  return flags;
}
