import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const toPino: Record<LogLevel, 'debug' | 'info' | 'warn' | 'error'> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Routes Bolt's and the Web API client's logging through pino, so redaction and JSON apply to them too. */
export function boltLogger(parent: Logger, name = 'bolt'): SlackLogger {
  let log = parent.child({ component: name });
  let level: LogLevel = parent.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO;
  const write =
    (l: LogLevel) =>
    (...msg: unknown[]): void => {
      const errors = msg.filter((m): m is Error => m instanceof Error);
      const text = msg
        .filter((m) => !(m instanceof Error))
        .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' ');
      const fields = errors[0] ? { err: errors[0] } : {};
      log[toPino[l]](fields, text);
    };
  return {
    debug: write(LogLevel.DEBUG),
    info: write(LogLevel.INFO),
    warn: write(LogLevel.WARN),
    error: write(LogLevel.ERROR),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      log = parent.child({ component: n });
    },
  };
}
