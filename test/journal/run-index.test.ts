import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDir } from '../../src/config/home.js';
import { acquireRunLock } from '../../src/journal/lock.js';
import { formatRunsTable, latestUnfinished, listRuns, recordRun, updateRunStatus, type RunRecord } from '../../src/journal/run-index.js';

const home = () => mkdtempSync(join(tmpdir(), 'pitstop-index-'));

function record(runId: string, startedAt: string, status: RunRecord['status'] = 'finished'): RunRecord {
  return { runId, runbookId: runId.split('-').slice(2, -1).join('-'), runbookFile: '/rb/x.yaml', runbookHash: 'h', target: 'tickets', startedAt, status, updatedAt: startedAt };
}

describe('run index', () => {
  it('records, updates and lists runs newest first, in runs.json of the home (0600)', async () => {
    const h = home();
    await recordRun(h, record('20261120-080000-backup-aaaa', '2026-11-20T08:00:00.000Z'));
    await recordRun(h, record('20261122-074512-pg-restore-bbbb', '2026-11-22T07:45:12.000Z', 'running'));
    await recordRun(h, record('20261121-100000-verify-cccc', '2026-11-21T10:00:00.000Z', 'failed'));
    expect(await updateRunStatus(h, '20261120-080000-backup-aaaa', 'aborted', new Date('2026-11-20T09:00:00Z'))).toBe(true);
    expect(await updateRunStatus(h, 'nope', 'finished')).toBe(false);

    const runs = await listRuns(h);
    expect(runs.map((r) => r.runId)).toEqual(['20261122-074512-pg-restore-bbbb', '20261121-100000-verify-cccc', '20261120-080000-backup-aaaa']);
    expect(runs[2]).toMatchObject({ status: 'aborted', updatedAt: '2026-11-20T09:00:00.000Z' });
    const file = join(h, 'runs.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).runs['20261121-100000-verify-cccc'].status).toBe('failed');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a running entry whose process is gone is listed as interrupted; with a live lock it stays running', async () => {
    const h = home();
    const id = '20261122-074512-pg-restore-bbbb';
    await recordRun(h, record(id, '2026-11-22T07:45:12.000Z', 'running'));
    expect((await listRuns(h))[0]!.status).toBe('interrupted');

    const lock = acquireRunLock(runDir(h, id));
    expect((await listRuns(h))[0]!.status).toBe('running');
    lock.release();

    // A lock left by a process that no longer exists.
    writeFileSync(join(runDir(h, id), 'lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: '', token: 't' }));
    expect((await listRuns(h))[0]!.status).toBe('interrupted');
  });

  it('latestUnfinished skips finished and aborted runs', async () => {
    const h = home();
    expect(await latestUnfinished(h)).toBeUndefined();
    await recordRun(h, record('20261120-080000-a-aaaa', '2026-11-20T08:00:00.000Z', 'stopped-at-gate'));
    await recordRun(h, record('20261121-080000-b-bbbb', '2026-11-21T08:00:00.000Z', 'finished'));
    await recordRun(h, record('20261122-080000-c-cccc', '2026-11-22T08:00:00.000Z', 'aborted'));
    expect((await latestUnfinished(h))?.runId).toBe('20261120-080000-a-aaaa');
  });

  it('refuses a status that is not one', async () => {
    const h = home();
    await recordRun(h, record('20261120-080000-a-aaaa', '2026-11-20T08:00:00.000Z'));
    await expect(updateRunStatus(h, '20261120-080000-a-aaaa', 'done')).rejects.toThrow(/not a run status/);
  });

  it('formats an aligned table', () => {
    const table = formatRunsTable([
      { ...record('20261122-074512-pg-restore-bbbb', '2026-11-22T07:45:12.000Z'), runbookId: 'pg-restore', status: 'interrupted' },
      { ...record('20261120-080000-backup-aaaa', '2026-11-20T08:00:00.000Z'), runbookId: 'backup' },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^RUN ID\s+RUNBOOK\s+TARGET\s+STATUS\s+STARTED$/);
    expect(lines[1]).toContain('2026-11-22 07:45:12Z');
    expect(lines.map((l) => l.indexOf('tickets')).slice(1)).toEqual([lines[0]!.indexOf('TARGET'), lines[0]!.indexOf('TARGET')]);
  });
});
