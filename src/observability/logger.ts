import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Slack tokens look like xoxb-…, xoxp-…, xapp-…; whatever path they travel, they never reach a log line. */
const SLACK_TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;

const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'clientSecret',
  '*.clientSecret',
  'stateSecret',
  '*.stateSecret',
  'encryptionKey',
  '*.encryptionKey',
  'refreshToken',
  '*.refreshToken',
  'userToken',
  '*.userToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'bot.token',
  '*.bot.token',
  'user.token',
  '*.user.token',
  'client_secret',
  '*.client_secret',
  'installation',
  '*.installation',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
  'req.headers.cookie',
];

export interface LoggerOptions {
  level: string;
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to read what was written. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: (line: string) => line.replace(SLACK_TOKEN, '$1-[redacted]') },
  };
  if (options.pretty && !options.destination) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}
