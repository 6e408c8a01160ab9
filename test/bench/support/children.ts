import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * Child processes of a bench: Baton, the bare baselines and the load generator each run in a
 * process of their own, so none takes CPU time from another's event loop. Every child is killed
 * when the bench ends, also on failure or Ctrl-C (`killAll`).
 */
export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** stdout and stderr so far (the last 200 kB). */
  output(): string;
  /** The first stdout line from now on (parsed as JSON when it is) matching; rejects when the child exits first or after `timeoutMs`. */
  waitForLine(
    match: (line: string, json: Record<string, unknown> | undefined) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown> | string>;
  /** Resident set size now, in MB (from /proc). */
  rssMb(): Promise<number>;
  /** CPU time used so far (user + system), in ms (from /proc, 10 ms resolution). */
  cpuMs(): Promise<number>;
  /** SIGTERM, then SIGKILL to the group after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

const running = new Set<Child>();

function parse(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A TypeScript file run by Node with tsx as a loader (the script is the process, so signals reach it). */
export function spawnScript(name: string, script: string, args: string[], env: Record<string, string>): Child {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLACK_')));
  // BENCH_PROFILE_DIR: every child writes a CPU profile there when it exits (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    cwd: process.cwd(),
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  const pid = proc.pid;
  // The last 200 kB of output, in chunks (a busy child writes a log line per request: keeping it
  // must cost the bench's process next to nothing). Lines are only split while someone waits for one.
  const chunks: string[] = [];
  let kept = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    chunks.push(text);
    kept += text.length;
    while (kept > 200_000 && chunks.length > 1) kept -= chunks.shift()?.length ?? 0;
  };
  const output = () => chunks.join('');
  let pending = '';
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  proc.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    if (listeners.size === 0) {
      pending = '';
      return;
    }
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
    for (const l of listeners) l();
  });
  proc.stderr?.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      exitCode = code;
      running.delete(child);
      for (const l of listeners) l();
      resolve(code);
    }),
  );
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone already
    }
  };
  const child: Child = {
    name,
    process: proc,
    pid,
    output,
    exited,
    waitForLine(match, timeoutMs = 60_000) {
      let seen = lines.length;
      return new Promise((resolve, reject) => {
        const check = () => {
          for (; seen < lines.length; seen++) {
            const line = lines[seen] ?? '';
            const json = parse(line);
            if (match(line, json)) {
              done();
              resolve(json ?? line);
              return;
            }
          }
          if (exitCode !== undefined) {
            done();
            reject(new Error(`${name} exited (${exitCode}) first; output:\n${output().slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name}: no matching line within ${timeoutMs} ms; output:\n${output().slice(-3000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    rssMb: () => rssMb(pid),
    cpuMs: () => cpuMs(pid),
    async stop(graceMs = 10_000) {
      if (exitCode !== undefined) return;
      try {
        proc.kill('SIGTERM');
      } catch {
        // gone already
      }
      const timer = setTimeout(killGroup, graceMs);
      await exited;
      clearTimeout(timer);
      killGroup(); // anything it started itself
    },
  };
  running.add(child);
  return child;
}

/** VmRSS of a process, in MB. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

/** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms), in ms. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: the fields after it are counted from its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Kills every child still running (the bench's finally, and on SIGINT). */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop(2_000)));
}
