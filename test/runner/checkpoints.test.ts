import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint, Outputs, Step } from '../../src/engine/types.js';
import { executeRequest, PAUSE_AFTER_CHECKPOINT_ENV, type Stages } from '../../src/runner/execute.js';
import { createFlagOperator } from '../../src/runner/operator.js';
import { withCluster } from '../helpers/pg.js';
import { waitFor } from '../helpers/procs.js';
import { makeLoopWorld, type LoopWorld } from './loop-world.js';

/**
 * The runner's side of checkpoints, with a real action (postgres.cutover against a real,
 * promoted server) and real app commands: what the action reports as done reaches the loop's
 * `record` in order, the stages given as done are not run again, and the test hook holds the
 * action after a stage until the step is stopped.
 */
const pg = withCluster({ archive: false });
const operator = createFlagOperator({ yes: false, confirm: [], set: {} }, 'tester');
let dir: string;
let world: LoopWorld;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pitstop-runner-ckpt-'));
  world = await makeLoopWorld([{ id: 'cutover', kind: 'action', action: 'postgres.cutover', with: { env_file: 'x', port: 1 } }]);
});
afterAll(async () => {
  await world?.close();
});

/** An env file on some old server, the app commands appending their names to `calls`. */
function setup(name: string): { envFile: string; calls: string; deps: ReturnType<LoopWorld['deps']> } {
  const envFile = join(dir, `${name}.env`);
  const calls = join(dir, `${name}.calls`);
  writeFileSync(envFile, `DATABASE_URL=postgresql://postgres@/postgres?host=/nowhere&port=1\n`, { mode: 0o600 });
  writeFileSync(calls, '');
  const record = (what: string): string[] => ['sh', '-c', `echo ${what} >> "$0"`, calls];
  const base = world.deps(operator);
  const app = { stop: record('stop'), migrate: record('migrate'), start: record('start'), health: ['true'] };
  return { envFile, calls, deps: { ...base, target: { ...base.target, app } } };
}

function stagesWith(done: Checkpoint[]): Stages & { recorded: Array<[string, Outputs]> } {
  const recorded: Array<[string, Outputs]> = [];
  return { done, recorded, record: (name, outputs) => void recorded.push([name, outputs]) };
}

const step = (): Step => world.start.state.runbook.steps[0] as Step;
const request = (envFile: string) => ({
  kind: 'action' as const,
  action: 'postgres.cutover',
  with: { env_file: envFile, host: pg.cluster.socketDir, port: pg.cluster.port },
});
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('checkpoints through the runner', () => {
  it('a fresh run records every stage in order, with what a continuation needs', async () => {
    const { envFile, calls, deps } = setup('fresh');
    const stages = stagesWith([]);
    const result = await executeRequest(step(), request(envFile), deps, { signal: new AbortController().signal }, stages);
    expect(result).toMatchObject({ kind: 'action', ok: true });
    expect(stages.recorded.map(([name]) => name)).toEqual(['app-stopped', 'env-rewritten', 'migrated', 'started', 'healthy']);
    expect(stages.recorded[1]![1]).toMatchObject({ backup: `${envFile}.bak`, file: envFile });
    expect(lines(calls)).toEqual(['stop', 'migrate', 'start']);
  });

  it('the stages given as done are not run again: the action goes on after the last one', async () => {
    const { envFile, calls, deps } = setup('continued');
    const first = stagesWith([]);
    const held = new AbortController();
    // Crash stand-in: the first attempt is held after env-rewritten, then stopped.
    process.env[PAUSE_AFTER_CHECKPOINT_ENV] = 'env-rewritten';
    let firstResult;
    try {
      const running = executeRequest(step(), request(envFile), deps, { signal: held.signal }, first);
      await waitFor(() => first.recorded.length === 2, 'env-rewritten recorded');
      held.abort('SIGINT');
      firstResult = await running;
    } finally {
      delete process.env[PAUSE_AFTER_CHECKPOINT_ENV];
    }
    // Held, then stopped: nothing after the stage ran.
    expect(firstResult).toMatchObject({ ok: false, error: expect.stringContaining('stopped while held after stage env-rewritten') });
    expect(lines(calls)).toEqual(['stop']);

    const done = first.recorded.map(([name, outputs]): Checkpoint => ({ name, outputs, attempt: 1, at: new Date(0).toISOString() }));
    const second = stagesWith(done);
    const result = await executeRequest(step(), request(envFile), deps, { signal: new AbortController().signal }, second);
    expect(result).toMatchObject({ kind: 'action', ok: true, outputs: { backup: `${envFile}.bak`, changed: true } });
    expect(second.recorded.map(([name]) => name)).toEqual(['migrated', 'started', 'healthy']);
    expect(lines(calls)).toEqual(['stop', 'migrate', 'start']);
  });
});
