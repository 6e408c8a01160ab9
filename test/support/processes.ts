import { type ChildProcess, spawn } from 'node:child_process';
import { onTestFinished } from 'vitest';

export interface RunningProcess {
  child: ChildProcess;
  /** SIGKILL goes to the whole process group (npm and tsx run children of their own); others to the process. */
  kill(signal: NodeJS.Signals): void;
  /** stdout and stderr as written so far. */
  output(): string;
  /** Resolves with the first stdout line (parsed JSON log) matching, or rejects after timeoutMs. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Environment for a child process: this one's, without any Slack credentials, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_')));
  return { ...base, LOG_LEVEL: 'info', ...env };
}

/** Runs a command from the repository root, killed (if still running) when the test finishes. */
export function runProcess(command: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(command, args, {
    cwd: process.cwd(),
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (signal !== 'SIGKILL') child.kill(signal);
      else if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  let output = '';
  const lines: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part));
      } catch {
        // not a log line (npm's banner, a CLI's plain output)
      }
    }
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onTestFinished(() => kill('SIGKILL'));
  return {
    child,
    kill,
    output: () => output,
    exited,
    waitForLog(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching log line within ${timeoutMs} ms; output:\n${output.slice(-3000)}`));
        }, timeoutMs);
        listeners.add(check);
        child.once('exit', () => setTimeout(check, 0));
        check();
      });
    },
  };
}

/**
 * Baton itself (`src/main.ts` with `args`), run by Node with tsx as a loader rather than through the
 * tsx CLI: the app is then this very process, so SIGTERM and SIGKILL reach it directly.
 */
export function runBaton(args: string[], env: Record<string, string>): RunningProcess {
  return runProcess(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], env);
}
