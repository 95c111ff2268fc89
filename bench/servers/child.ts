/**
 * Servers under test run in child processes, so the load generator (this process) and the server
 * do not share one event loop or one core. Each child binds 127.0.0.1 on a free port, logs to a
 * file, and is stopped with SIGTERM (SIGKILL after a grace period). Children still running when
 * the bench exits are killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

export interface RunningChild {
  name: string;
  url: string;
  pid: number | undefined;
  logPath: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL): the bench's exit and signal path. */
export function killAllChildren(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

const tail = (path: string, lines = 30): string => {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns `command` with `env`, then polls `GET <url>/health` until it answers 200 (at most
 * `readyTimeoutS` seconds). Throws with the log's tail when the child exits or never gets ready.
 */
export async function startChild(opts: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  logPath: string;
  readyTimeoutS?: number;
}): Promise<RunningChild> {
  mkdirSync(dirname(opts.logPath), { recursive: true });
  const fd = openSync(opts.logPath, 'w');
  const child = spawn(opts.command, opts.args, { env: opts.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.readyTimeoutS ?? 180) * 1000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      throw new Error(`${opts.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(opts.logPath)}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      running.delete(child);
      throw new Error(`${opts.name} was not ready after ${opts.readyTimeoutS ?? 180}s:\n${tail(opts.logPath)}`);
    }
    await sleep(200);
  }
  return {
    name: opts.name,
    url,
    pid: child.pid,
    logPath: opts.logPath,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const graceful = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
        if (!graceful) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      running.delete(child);
    },
  };
}
