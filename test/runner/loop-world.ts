import { createClient } from '@libsql/client';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '../../src/config/schema.js';
import { startRun } from '../../src/engine/transition.js';
import type { RunEvent, Transition } from '../../src/engine/types.js';
import { createCommandExecutor } from '../../src/executors/command.js';
import { openJournal } from '../../src/journal/journal.js';
import { Runbook } from '../../src/runbook/schema.js';
import { createConnections } from '../../src/runner/connections.js';
import type { LoopDeps, RunObserver } from '../../src/runner/loop.js';
import type { Operator } from '../../src/runner/operator.js';
import { createRedactor } from '../../src/util/redact.js';

/**
 * A run at the runner's edges, for loop tests: a real libSQL file as the target, the real
 * command executor, a real journal in a temp directory, and a clock that gives each event
 * the next second from a fixed start (so a test can tell the loop's time from anybody's).
 */
export interface LoopWorld {
  dir: string;
  runDir: string;
  target: Target;
  start: Transition;
  /** Deps for `drive`; `signal` defaults to one that never aborts. */
  deps(operator: Operator, signal?: AbortSignal): LoopDeps;
  journal(): RunEvent[];
  /** What the observer saw, in order. */
  seen: { events: RunEvent[]; output: string[] };
  close(): Promise<void>;
}

export const CLOCK_START = Date.parse('2030-01-01T00:00:00.000Z');

/** The time the world's clock gives at its n-th reading (0-based). */
export const tick = (n: number): string => new Date(CLOCK_START + n * 1000).toISOString();

export const nodeArgv = (code: string, ...rest: string[]): string[] => [process.execPath, '-e', code, ...rest];

export async function makeLoopWorld(steps: unknown[], secrets: string[] = []): Promise<LoopWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'pitstop-loop-'));
  const runDir = join(dir, 'runs', 'run-1');
  mkdirSync(runDir, { recursive: true });
  const db = join(dir, 'tickets.db');
  const client = createClient({ url: `file:${db}` });
  await client.batch(['CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT)', "INSERT INTO tickets (title) VALUES ('printer on fire'), ('vpn down')"]);
  client.close();
  const target: Target = { name: 'tickets', engine: 'libsql', url: `file:${db}`, secrets };
  const runbook = Runbook.parse({ id: 'loop-test', title: 'Loop test', scenario: 'custom', engine: 'libsql', steps });
  const redactor = createRedactor(secrets);
  const journal = openJournal(runDir, redactor);
  const connections = createConnections(target, redactor);
  const started: RunEvent = {
    type: 'run/started',
    at: tick(0),
    runId: 'run-1',
    runbookId: runbook.id,
    runbookHash: 'hash-1',
    target: { name: target.name, engine: target.engine },
    params: {},
    by: 'tester',
  };
  journal.append(started);
  let readings = 1;
  const seen: LoopWorld['seen'] = { events: [], output: [] };
  const observer: RunObserver = {
    event: (event) => void seen.events.push(event),
    output: (_stepId, line) => void seen.output.push(line),
  };
  return {
    dir,
    runDir,
    target,
    start: startRun(runbook, started as Extract<RunEvent, { type: 'run/started' }>),
    seen,
    deps: (operator, signal = new AbortController().signal) => ({
      target,
      runId: 'run-1',
      runDir,
      commands: createCommandExecutor({ redactor }),
      connections,
      journal,
      operator,
      observer,
      redactor,
      signal,
      clock: () => new Date(CLOCK_START + 1000 * readings++),
      now: () => performance.now(),
      sleep: (ms, abort) => new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        abort.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      }),
    }),
    journal: () =>
      readFileSync(join(runDir, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RunEvent),
    async close() {
      journal.close();
      await connections.close();
    },
  };
}
