import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { killTree, newTreeMark, trackTree, TREE_MARK_VAR } from '../executors/process-group.js';
import { EXIT, PitstopError } from '../errors.js';
import type { Key, WrittenRow } from './types.js';

/** How long the drill waits for the application's next row before giving up. */
const WAIT_MS = 15_000;
import { WRITER_SOURCE } from './writer-child.js';

/** What the application writes: one statement, its argument lists used in turn. */
export interface WriterPlan {
  /** libSQL: the new key is the insert's rowid; PostgreSQL: the statement returns it (`RETURNING`). */
  engine: 'libsql' | 'postgres';
  url: string;
  table: string;
  sql: string;
  rows: unknown[][];
  /** Each row's key as the fingerprint writes it (`rows[i]`'s at `keys[i]`), when it is not what the insert gives back (a composite or text key). */
  keys?: Key[];
  intervalMs: number;
}

/** The application: started apart from its first write (so starting it costs nothing later); paused and resumed as a runbook says; stopped to read what it committed. */
export interface Writer {
  /** Starts writing: the first insert at once, then one per interval. */
  begin(): Promise<void>;
  /** Rows committed so far. */
  rows(): readonly WrittenRow[];
  /** Resolves once at least `n` rows are committed. */
  waitForRows(n: number): Promise<void>;
  /** Resolves once no insert is in flight and none will start. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** From now on it writes to `url` (the application repointed to a restored server); its open connection is closed. */
  repoint(url: string): Promise<void>;
  /** Stops it (idempotent) and returns every row it committed. */
  stop(): Promise<readonly WrittenRow[]>;
  /** Inserts that did not commit, with why (shown when the drill ends). */
  failures(): readonly string[];
}

type Reply = { type: 'row'; key: Key; at: number } | { type: 'ready' | 'paused' | 'resumed' | 'repointed' | 'stopped' } | { type: 'failed'; message: string };

/** Starts the application process, connected and idle until `begin`. */
export function startWriter(plan: WriterPlan): Writer {
  const mark = newTreeMark();
  const child: ChildProcess = spawn(process.execPath, ['-e', WRITER_SOURCE], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, [TREE_MARK_VAR]: mark },
    detached: true,
  });
  const tree = { pid: child.pid!, mark };
  const untrack = trackTree(tree);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('error', () => undefined);
  const written: WrittenRow[] = [];
  const failed: string[] = [];
  const waiters: Array<() => void> = [];
  child.once('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  child.on('message', (reply: Reply) => {
    if (reply.type === 'row') written.push({ table: plan.table, key: reply.key, at: reply.at });
    else if (reply.type === 'failed') failed.push(reply.message);
    for (const wake of waiters.splice(0)) wake();
  });
  const ready = new Promise<void>((resolve) => {
    const onReady = (reply: Reply) => {
      if (reply.type !== 'ready') return;
      child.off('message', onReady);
      resolve();
    };
    child.on('message', onReady);
    child.once('exit', () => resolve());
  });
  const ask = (type: 'pause' | 'resume' | 'repoint' | 'stop', answer: Reply['type'], extra: Record<string, string> = {}) =>
    new Promise<void>((resolve) => {
      if (!child.connected) return resolve();
      const onReply = (reply: Reply) => {
        if (reply.type !== answer) return;
        child.off('message', onReply);
        resolve();
      };
      child.on('message', onReply);
      child.once('exit', () => resolve());
      child.send({ type, ...extra });
    });
  const driver = plan.engine === 'postgres' ? 'pg' : '@libsql/client';
  child.send({ type: 'start', engine: plan.engine, clientPath: createRequire(import.meta.url).resolve(driver), url: plan.url, sql: plan.sql, rows: plan.rows, ...(plan.keys ? { keys: plan.keys } : {}), intervalMs: plan.intervalMs });
  let stopped: Promise<readonly WrittenRow[]> | undefined;
  return {
    async begin() {
      await ready;
      if (child.connected) child.send({ type: 'go' });
    },
    rows: () => written,
    failures: () => failed,
    waitForRows: (n) =>
      new Promise((resolve, reject) => {
        // An application that cannot write at all (a lock never released) must not hang the drill.
        const timer = setTimeout(() => fail(`no row committed in ${WAIT_MS / 1000} s`), WAIT_MS);
        const fail = (why: string) => {
          clearTimeout(timer);
          reject(new PitstopError(`the drill's application could not write: ${why}${failed.length ? ` (last error: ${failed.at(-1)})` : ''}`, { exitCode: EXIT.stepFailed, hint: 'The drill stopped before the recovery; run it again, or with --keep to look at the world.' }));
        };
        const check = () => {
          if (written.length >= n) {
            clearTimeout(timer);
            return resolve();
          }
          if (child.exitCode !== null || child.signalCode !== null) return fail('its process ended');
          waiters.push(check);
        };
        check();
      }),
    pause: () => ask('pause', 'paused'),
    resume: () => ask('resume', 'resumed'),
    repoint: (url) => ask('repoint', 'repointed', { url }),
    stop() {
      stopped ??= (async () => {
        await ask('stop', 'stopped');
        // It exits by itself after `stopped`; a writer stuck in native code is stopped by pid.
        const late = setTimeout(() => void killTree(tree, 1000), 3000);
        await exited;
        clearTimeout(late);
        untrack();
        return written;
      })();
      return stopped;
    },
  };
}
