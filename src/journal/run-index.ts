import { join } from 'node:path';
import { BugError, StateHomeError } from '../errors.js';
import { ensureDir, runDir, runsDir } from '../config/home.js';
import { guardState, toStateHomeError } from '../config/state-home.js';
import { importConf } from './load-conf.js';
import { isLockLive, readRunLock } from './lock.js';

/** How a run stands, as kept in the index. */
export type RunIndexStatus = 'running' | 'paused' | 'stopped-at-gate' | 'failed' | 'finished' | 'aborted';

const STATUSES: readonly RunIndexStatus[] = ['running', 'paused', 'stopped-at-gate', 'failed', 'finished', 'aborted'];

/** One run in the index (`runs.json` in the state home, kept by conf). */
export interface RunRecord {
  runId: string;
  runbookId: string;
  runbookFile: string;
  runbookHash: string;
  target: string;
  startedAt: string;
  status: RunIndexStatus;
  updatedAt: string;
}

/**
 * A run as listed: `interrupted` is a run recorded as `running` whose process is gone
 * (a crash, kill -9, a reboot): unfinished, and resumable.
 */
export interface RunSummary extends Omit<RunRecord, 'status'> {
  status: RunIndexStatus | 'interrupted';
}

type Store = { get(key: 'runs'): Record<string, RunRecord> | undefined; set(key: 'runs', value: Record<string, RunRecord>): void };

const RECORD_FIELDS = ['runId', 'runbookId', 'runbookFile', 'runbookHash', 'target', 'startedAt', 'updatedAt'] as const;

// conf (and its JSON schema validator) is loaded only by the commands that use the index.
// The index is checked whole when opened: a damaged one is refused before a run directory is made.
async function openIndex(home: string, runId?: string): Promise<Store> {
  const { default: Conf } = await importConf();
  const place = { what: 'the run index', dir: home, ...(runId ? { runId } : {}) };
  const file = join(home, 'runs.json');
  let conf: Store;
  try {
    ensureDir(home);
    conf = new Conf<{ runs: Record<string, RunRecord> }>({
      projectName: 'pitstop',
      cwd: home,
      configName: 'runs',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      defaults: { runs: {} },
    }) as unknown as Store;
  } catch (error) {
    if (error instanceof SyntaxError) throw damagedIndex(file, home, 'it is not valid JSON');
    throw toStateHomeError(error, place);
  }
  const problem = shapeProblem(conf.get('runs'));
  if (problem) throw damagedIndex(file, home, problem);
  return {
    get: (key) => conf.get(key),
    set: (key, value) => guardState(place, () => conf.set(key, value)),
  };
}

/** What is wrong with the index's `runs`, if anything: every entry must be a run record. */
function shapeProblem(runs: unknown): string | null {
  if (runs === undefined) return null;
  if (!runs || typeof runs !== 'object' || Array.isArray(runs)) return '"runs" is not an object of runs';
  for (const [key, entry] of Object.entries(runs)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return `run ${JSON.stringify(key)} is not an object`;
    const record = entry as Record<string, unknown>;
    const missing = RECORD_FIELDS.find((f) => typeof record[f] !== 'string');
    if (missing) return `run ${JSON.stringify(key)} has no ${missing}`;
    if (!(STATUSES as readonly unknown[]).includes(record['status'])) return `run ${JSON.stringify(key)} has an unknown status ${JSON.stringify(record['status'])}`;
  }
  return null;
}

function damagedIndex(file: string, home: string, problem: string): StateHomeError {
  return new StateHomeError(`the run index ${file} is damaged: ${problem}`, {
    hint: `Move it aside (mv ${file} ${file}.damaged) and try again: a new index is started, and every run's journal stays in ${runsDir(home)}.`,
  });
}

function checkStatus(status: string): RunIndexStatus {
  if (!(STATUSES as readonly string[]).includes(status)) throw new BugError(`not a run status: ${status}`);
  return status as RunIndexStatus;
}

/** Adds a run to the index (or replaces its entry). */
export async function recordRun(home: string, record: RunRecord): Promise<void> {
  checkStatus(record.status);
  const store = await openIndex(home, record.runId);
  store.set('runs', { ...(store.get('runs') ?? {}), [record.runId]: { ...record } });
}

/**
 * Records how a run stands now. Returns false if the run is not in the index (an index
 * deleted by hand must not hide how the run itself ended).
 */
export async function updateRunStatus(home: string, runId: string, status: RunIndexStatus | string, now: Date = new Date()): Promise<boolean> {
  const checked = checkStatus(status);
  const store = await openIndex(home, runId);
  const runs = store.get('runs') ?? {};
  const entry = runs[runId];
  if (!entry) return false;
  store.set('runs', { ...runs, [runId]: { ...entry, status: checked, updatedAt: now.toISOString() } });
  return true;
}

/** Every run in the index, newest first. */
export async function listRuns(home: string): Promise<RunSummary[]> {
  const store = await openIndex(home);
  return Object.values(store.get('runs') ?? {})
    .map((r): RunSummary => (r.status === 'running' && !isLive(home, r.runId) ? { ...r, status: 'interrupted' } : { ...r }))
    .sort((a, b) => (a.startedAt === b.startedAt ? b.runId.localeCompare(a.runId) : b.startedAt.localeCompare(a.startedAt)));
}

/** The newest run that can still be resumed (not finished, not aborted), if any. */
export async function latestUnfinished(home: string): Promise<RunSummary | undefined> {
  return (await listRuns(home)).find((r) => r.status !== 'finished' && r.status !== 'aborted');
}

function isLive(home: string, runId: string): boolean {
  try {
    const holder = readRunLock(runDir(home, runId));
    return holder !== null && isLockLive(holder);
  } catch {
    return false;
  }
}

/** `pitstop runs`: aligned plain-text columns, newest first. */
export function formatRunsTable(runs: readonly RunSummary[]): string {
  const rows = [['RUN ID', 'RUNBOOK', 'TARGET', 'STATUS', 'STARTED'], ...runs.map((r) => [r.runId, r.runbookId, r.target, r.status, shortTime(r.startedAt)])];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')).join('\n');
}

/** `2026-11-22 07:45:12Z`: UTC, to the second. */
function shortTime(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : iso;
}

/** Opens and checks the index (an empty one is made if there is none): a damaged one is refused before a run begins. */
export async function checkRunIndex(home: string): Promise<void> {
  await openIndex(home);
}
