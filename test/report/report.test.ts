import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/types.js';
import { openJournal } from '../../src/journal/journal.js';
import { buildReport, renderJson, renderMarkdown, writeReport } from '../../src/report/report.js';
import { createRedactor } from '../../src/util/redact.js';
import { events, RUN_ID } from './events.js';

describe('buildReport', () => {
  const report = buildReport(events, { sla: { rto: '1h', rpo: '15m' }, title: 'Accidental deletion' });

  it('summarises the run: who, when, how long, against the RTO', () => {
    expect(report).toMatchObject({
      runId: RUN_ID,
      runbookId: 'pg-accidental-deletion',
      target: { name: 'orquix', engine: 'postgres' },
      startedBy: 'ana',
      startedAt: '2026-11-22T07:45:12.000Z',
      endedAt: '2026-11-22T08:00:12.000Z',
      wallClockMs: 15 * 60_000,
      pausedMs: 10 * 60_000,
      status: 'finished',
      sla: { rto: { budget: '1h', elapsedMs: 15 * 60_000, verdict: 'within' }, rpo: { budget: '15m' } },
    });
  });

  it('scores the RTO over budget, and open while the run is unfinished', () => {
    expect(buildReport(events, { sla: { rto: '10m' } }).sla?.rto?.verdict).toBe('over');
    const half = events.slice(0, 8);
    const open = buildReport(half, { sla: { rto: '1h' } });
    expect(open.status).toBe('unfinished');
    expect(open.sla?.rto?.verdict).toBe('open');
  });

  it('keeps every attempt, the retry included, and sums durations', () => {
    const copyBack = report.steps.find((s) => s.id === 'copy-back')!;
    expect(copyBack.status).toBe('succeeded');
    expect(copyBack.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(copyBack.durationMs).toBe(5000);
    expect(copyBack.attempts[0]!.error).toBe('exit code 2: connection refused');
  });

  it('bounds outputs to 20 rows', () => {
    const check = report.steps.find((s) => s.id === 'check-copy')!;
    const text = check.attempts[0]!.outputs!.text;
    expect(check.attempts[0]!.outputs!.truncated).toBe(true);
    expect(text).toContain('ticket 20');
    expect(text).not.toContain('ticket 21');
    expect(text).toContain('10 more');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048 + 20);
  });

  it('never repeats a wrong typed phrase beyond 40 characters', () => {
    const gates = report.steps.find((s) => s.id === 'copy-back')!.gates;
    expect(gates[0]!.answer).toBe('declined: typed "orquix-production-database-please-go-ahe…", which does not match');
    expect(gates[1]).toMatchObject({ by: 'bob', via: 'flag', approved: true, answer: 'typed the phrase' });
    expect(JSON.stringify(report)).not.toContain('please-go-ahead-now');
  });

  it('an interrupted step (started, then the run resumed) is marked so', () => {
    const crashed: RunEvent[] = [...events.slice(0, 4), { type: 'run/resumed', at: '2026-11-22T08:30:00.000Z', by: 'ana' }];
    const r = buildReport(crashed);
    expect(r.steps.find((s) => s.id === 'restore-copy')!.status).toBe('interrupted');
    expect(buildReport(events.slice(0, 4)).steps.find((s) => s.id === 'restore-copy')!.status).toBe('unfinished');
  });

  it('masks secrets in the whole report when given a redactor', () => {
    const leaky: RunEvent[] = [...events.slice(0, -1), { type: 'run/finished', at: '2026-11-22T08:00:12.000Z', status: 'failed', error: 'auth failed for token s3cr3t-tok' }];
    const r = buildReport(leaky, { redactor: createRedactor(['s3cr3t-tok']) });
    expect(renderMarkdown(r)).not.toContain('s3cr3t-tok');
    expect(renderJson(r)).not.toContain('s3cr3t-tok');
  });

  it('with the runbook steps: titles, runbook order, and the steps never reached', () => {
    const r = buildReport(events, {
      runbookSteps: [
        { id: 'freeze-writes', title: 'Stop writes to the affected table' },
        { id: 'check-copy', title: 'Check the copy' },
        { id: 'restore-copy', title: 'Restore a copy' },
        { id: 'notify', title: 'Tell the team' },
      ],
    });
    expect(r.steps.map((s) => [s.id, s.status])).toEqual([
      ['freeze-writes', 'succeeded'],
      ['check-copy', 'succeeded'],
      ['restore-copy', 'succeeded'],
      ['notify', 'not-run'],
      ['copy-back', 'succeeded'],
      ['postmortem-note', 'succeeded'],
    ]);
    const md = renderMarkdown(r);
    expect(md).toContain('### 1. freeze-writes — Stop writes to the affected table');
    expect(md).toContain('### 4. notify — Tell the team\n\nStatus: — not run');
  });

  it('a run that failed and was resumed: retry and skip decisions, the failure is not its end', () => {
    const failedAt = events.findIndex((e) => e.type === 'step/finished' && e.stepId === 'copy-back' && e.status === 'failed');
    const resumedRun: RunEvent[] = [
      ...events.slice(0, failedAt + 1),
      { type: 'run/finished', at: '2026-11-22T07:59:34.000Z', status: 'failed', stepId: 'copy-back', error: 'exit code 2' },
      { type: 'run/resumed', at: '2026-11-22T08:04:34.000Z', by: 'bob' },
      { type: 'failure/resolved', at: '2026-11-22T08:04:35.000Z', stepId: 'copy-back', choice: 'skip', by: 'bob', note: 'copied by hand' },
      { type: 'run/finished', at: '2026-11-22T08:05:12.000Z', status: 'succeeded' },
    ];
    const r = buildReport(resumedRun);
    expect(r.status).toBe('finished');
    expect(r.endedAt).toBe('2026-11-22T08:05:12.000Z');
    expect(r.pausedMs).toBe(10 * 60_000 + 5 * 60_000);
    expect(r.steps.find((s) => s.id === 'copy-back')).toMatchObject({ status: 'skipped', resolutions: [{ after: 'failed', choice: 'skip', by: 'bob' }] });
    expect(renderMarkdown(r)).toContain('- Failed: bob chose skip at 2026-11-22T08:04:35Z (copied by hand)');

    const stillFailed = buildReport(resumedRun.slice(0, failedAt + 2));
    expect(stillFailed).toMatchObject({ status: 'failed', statusText: 'failed at step copy-back: exit code 2' });
  });

  it('refuses a journal that does not start with run/started', () => {
    expect(() => buildReport(events.slice(1))).toThrow(/run\/started/);
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(buildReport(events, { sla: { rto: '1h', rpo: '15m' }, title: 'Accidental deletion' }));

  it('reads as an incident timeline: headings, a timeline table, every step', () => {
    expect(md).toMatch(/^# Incident timeline: Accidental deletion\n/);
    expect(md).toContain('## Timeline');
    expect(md).toContain('| Time (UTC) | What | Status | Attempts | Duration | Who |');
    for (const id of ['freeze-writes', 'restore-copy', 'check-copy', 'copy-back', 'postmortem-note']) expect(md).toMatch(new RegExp(`### \\d+\\. ${id}`));
    expect(md).toContain('15m 00s wall clock (of which paused 10m 00s)');
  });

  it('gives RTO and RPO once, in the outcome block: the Run section does not repeat them', () => {
    expect(md.match(/^\| \*\*RTO\*\* \|.*$/gm)).toEqual([expect.stringMatching(/^\| \*\*RTO\*\* \| measured .* against 1h: within \|$/)]);
    expect(md.match(/^\| \*\*RPO\*\* \|.*$/gm)).toEqual([expect.stringMatching(/budget 15m \|$/)]);
    const run = md.slice(md.indexOf('## Run'), md.indexOf('## Timeline'));
    expect(run).not.toMatch(/RTO|RPO|budget/);
  });

  it('shows gate answers with who and when, and pauses and resumes', () => {
    expect(md).toContain('Gate approved by bob at 2026-11-22T07:59:30Z (command-line flag): typed the phrase');
    expect(md).toContain('Gate declined by ana at 2026-11-22T07:49:00Z (in the TUI)');
    expect(md).toContain('paused (waiting for a gate answer) at copy-back');
    expect(md).toContain('resumed by bob');
  });

  it('shows the exact commands and queries in code blocks, with bound values', () => {
    expect(md).toContain("```sh\npsql -c 'INSERT INTO tickets SELECT * FROM restored WHERE note = '\\''it'\\'''\\''s'\\'''\n```");
    expect(md).toContain('```sql\nSELECT id, title FROM "tickets" WHERE created_at < $1\n```');
    expect(md).toContain('bound values, in order: ["2026-11-22T03:10:00+01:00"]');
    expect(md).toContain('action postgres.pitr');
    expect(md).toContain('env PGPASSWORD=');
  });

  it('shows evidence, outputs, output files, durations, notes, inputs and errors', () => {
    expect(md).toContain('| n | > 0 | 30 | pass |');
    expect(md).toContain('"copied": 17');
    expect(md).toContain('Full output: `steps/restore-copy.1.log` (412 lines, 30120 bytes)');
    expect(md).toContain('2m 00s');
    expect(md).toContain('850ms');
    expect(md).toContain('Note: maintenance page up');
    expect(md).toContain('Input given by bob at 2026-11-22T08:00:00Z: `summary` = `cron job deleted closed tickets`');
    expect(md).toContain('exit code 2: connection refused');
    expect(md).toContain('**Attempt 2**: succeeded');
  });

  it('keeps the timeline table well-formed when a value holds a pipe or a newline', () => {
    const odd: RunEvent[] = [
      { ...(events[0] as Extract<RunEvent, { type: 'run/started' }>), params: { filter: 'a|b\nc' } },
      ...events.slice(1),
    ];
    const text = renderMarkdown(buildReport(odd));
    const row = text.split('\n').find((l) => l.includes('filter'))!;
    expect(row).toBe('| `filter` | `a\\|b c` |');
  });
});

describe('writeReport', () => {
  it('writes the JSON report of a run directory to a 0600 file', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pitstop-report-')), RUN_ID);
    const journal = openJournal(dir, createRedactor([]));
    for (const e of events) journal.append(e);
    journal.close();
    const out = join(dir, '..', 'report.json');
    writeReport({ runDir: dir }, 'json', { outFile: out });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const parsed = JSON.parse(readFileSync(out, 'utf8'));
    expect(parsed.steps.map((s: { id: string }) => s.id)).toEqual(['freeze-writes', 'restore-copy', 'check-copy', 'copy-back', 'postmortem-note']);
  });

  it('writes Markdown to stdout when no file is given', () => {
    let printed = '';
    writeReport({ events }, 'md', { stdout: (t) => (printed += t) });
    expect(printed).toContain('# Incident timeline: pg-accidental-deletion');
  });
});
