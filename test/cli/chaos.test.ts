import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, readJournalEvents, spawnPitstop, type Sandbox } from '../helpers/cli.js';
import { processesMatching, waitFor } from '../helpers/procs.js';

/**
 * Acceptance (issue 8): 30 `kill -9` and 10 SIGTERM at random moments of runs of non-repeatable
 * steps, each followed by a resume that answers an interrupted step as an operator would (the
 * step's ledger line says whether it did its work: mark it done, else run it again). Every run
 * must end finished, every step must have run exactly once, every report must render.
 * The seed is printed; CHAOS_SEED=N replays a sequence.
 */

const SEED = Number(process.env['CHAOS_SEED'] ?? Date.now() % 100_000);
const KILLS = 30;
const TERMS = 10;
const STEPS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function project(): Sandbox & { dir: string } {
  const sandbox = makeSandbox();
  const dir = join(sandbox.cwd, 'ledgers');
  mkdirSync(dir);
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  // Each step appends its id to the run's ledger, then works a little: a kill can land before
  // the append, between the append and the step's end, or between steps.
  const steps = STEPS.map((id) => ({ id, kind: 'command', argv: ['sh', '-c', 'echo "$2" >> "$1"; sleep 0.1', 'sh', '{{ params.ledger }}', id] }));
  const runbook = { id: 'chaos', title: 'Steps not safe to repeat', scenario: 'custom', engine: 'libsql', params: { ledger: { type: 'path', required: true } }, steps };
  writeFileSync(join(sandbox.cwd, 'runbooks', 'chaos.yaml'), JSON.stringify(runbook));
  return { ...sandbox, dir };
}

const runsDir = (s: Sandbox) => join(s.home, 'runs');
const listRuns = (s: Sandbox) => (existsSync(runsDir(s)) ? readdirSync(runsDir(s)) : []);

/** Complete journal lines (a kill may leave a torn last line, which resume repairs). */
function eventCount(runDir: string): number {
  const file = join(runDir, 'journal.jsonl');
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').split('\n').length - 1;
}

/** The step left running when the process died: started, and neither finished nor resolved since. */
function interruptedStep(runDir: string): string | null {
  const open = new Map<string, boolean>();
  for (const e of readJournalEvents(runDir)) {
    if (e.type === 'step/started') open.set(e.stepId, true);
    if (e.type === 'step/finished' || (e.type === 'interrupted/resolved' && e.choice === 'mark-done')) open.set(e.stepId, false);
  }
  return [...open].find(([, running]) => running)?.[0] ?? null;
}

const ledgerOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe(`chaos: ${KILLS} kill -9 and ${TERMS} SIGTERM, each followed by resume (seed ${SEED})`, () => {
  it('every run ends finished, every non-repeatable step ran exactly once, every report renders', async () => {
    const rand = random(SEED);
    const p = project();
    const signals: ('SIGKILL' | 'SIGTERM')[] = [...Array<'SIGKILL'>(KILLS).fill('SIGKILL'), ...Array<'SIGTERM'>(TERMS).fill('SIGTERM')];
    for (let i = signals.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [signals[i], signals[j]] = [signals[j]!, signals[i]!];
    }
    const ledgers = new Map<string, string>();
    const sent = { SIGKILL: 0, SIGTERM: 0 };
    const answers = { markDone: 0, rerun: 0, processes: 0 };
    const began = Date.now();
    let current: string | null = null;

    while (signals.length > 0 || current) {
      let args: string[];
      let ledger = '';
      if (current) {
        const runDir = join(runsDir(p), current);
        const step = interruptedStep(runDir);
        // What an operator does: check whether the step did its work, then say so.
        const answer = step === null ? [] : ledgerOf(ledgers.get(current)!).includes(step) ? ['--mark-done', step] : ['--confirm', `rerun ${step}`];
        args = ['resume', current, '--plain', ...answer];
        if (answer[0] === '--mark-done') answers.markDone += 1;
        if (answer[0] === '--confirm') answers.rerun += 1;
      } else {
        ledger = join(p.dir, `run-${ledgers.size}.txt`);
        args = ['run', 'chaos', '--plain', '--set', `ledger=${ledger}`];
      }
      const before = new Set(listRuns(p));
      const child = spawnPitstop(p, args);
      answers.processes += 1;
      let exited = false;
      void child.then(() => (exited = true));
      if (!current) {
        await waitFor(() => exited || listRuns(p).some((r) => !before.has(r) && eventCount(join(runsDir(p), r)) > 0), 'the new run to journal');
        current = listRuns(p).find((r) => !before.has(r))!;
        ledgers.set(current, ledger);
      }
      const runDir = join(runsDir(p), current);
      const signal = signals[0];
      if (signal) {
        const start = eventCount(runDir);
        // SIGTERM once a step runs (its handlers are installed by then); kill -9 anywhere.
        const wanted = signal === 'SIGTERM' ? 1 : Math.floor(rand() * 4);
        const lastIsStart = () => readJournalEvents(runDir).at(-1)?.type === 'step/started';
        await waitFor(() => exited || (eventCount(runDir) >= start + wanted && (signal === 'SIGKILL' || lastIsStart())), 'a moment to strike');
        await new Promise((r) => setTimeout(r, Math.floor(rand() * (signal === 'SIGTERM' ? 30 : 60))));
        if (!exited) {
          child.kill(signal);
          signals.shift();
          sent[signal] += 1;
        }
      }
      const result = await child;
      // kill -9 leaves the running step orphaned: wait until it is gone, so the ledger is final.
      await waitFor(() => processesMatching(p.dir).length === 0, 'orphaned steps to end');
      const last = readJournalEvents(runDir).at(-1);
      if (last?.type === 'run/finished') {
        expect(last.status).toBe('succeeded');
        current = null;
      } else if (result.signal === 'SIGTERM' || result.exitCode === 143) {
        expect(result.exitCode).toBe(143);
        expect(last).toMatchObject({ type: 'run/paused', signal: 'SIGTERM' });
      } else {
        expect(result.signal ?? result.exitCode).toBe('SIGKILL');
      }
    }

    console.log(`chaos seed ${SEED}: ${ledgers.size} runs, ${answers.processes} pitstop processes, ${answers.markDone} --mark-done, ${answers.rerun} reruns, ${Math.round((Date.now() - began) / 1000)} s`);
    expect(sent).toEqual({ SIGKILL: KILLS, SIGTERM: TERMS });
    for (const [runId, ledger] of ledgers) {
      const events = readJournalEvents(join(runsDir(p), runId));
      expect(events.at(-1), runId).toMatchObject({ type: 'run/finished', status: 'succeeded' });
      expect(ledgerOf(ledger), `ledger of ${runId}`).toEqual(STEPS);
      const report = await pitstop(p, ['report', runId]);
      expect(report.exitCode, report.stderr).toBe(0);
      expect(report.stdout).toContain('finished');
    }
    expect(listRuns(p).sort()).toEqual([...ledgers.keys()].sort());
  }, 420_000);
});
