import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeSandbox, readJournalEvents } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

let term: TmuxSession | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
});

/** The incident time as a person reads it off the page's DELETE line, written as RFC 3339 (seconds, offset). */
function incidentTimeIn(screen: string): string {
  const line = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.\d{3} ([+-])(\d\d)(\d\d) INFO +\[admin-script\] DELETE/.exec(screen);
  if (!line) throw new Error(`no DELETE line on the page; screen:\n${screen}`);
  const [, date, time, sign, hh, mm] = line;
  return `${date}T${time}${sign}${hh}:${mm}`;
}

describe('pitstop drill on a terminal', () => {
  it('--guided: the page with the log excerpt and a hint, the time found there and typed, the real runbook answered at its gates, the score at the end', async () => {
    const s = makeSandbox();
    // A blank first line: the pane's first line is not always captured.
    const argv = ['sh', '-c', 'echo; "$@"; echo "exit status: $?"', 'sh', process.execPath, CLI, 'drill', 'libsql-accidental-deletion', '--guided'];
    term = startTmux({ argv, cwd: s.cwd, env: s.env, width: 160, height: 60 });

    await term.ready('drill-params', 90_000);
    const page = term.capture();
    expect(page).toMatch(/ALERT \[drill\] tickets: row count dropped/);
    expect(page).toContain('application log (server time):');
    expect(page).toMatch(/hint \(parameters\): The incident time is in the log excerpt: the line with the DELETE/);
    const incident = incidentTimeIn(page);
    // Typed in one burst with the Enters that move through the form and send it.
    term.command('send-keys', '-t', 'app', '-l', incident);
    term.keys('Enter', 'Enter', 'Enter', 'Enter', 'Enter');

    await term.ready('manual', 60_000); // freeze-writes: the application pauses
    await term.waitFor('Stop whatever is deleting');
    expect(term.capture()).toContain('[admin-script] DELETE'); // the page stays above the run
    expect(term.capture()).toMatch(/hint \(freeze-writes\): The application is still writing/);
    term.keys('d');
    await term.ready('gate-typed', 60_000); // copy-back
    term.command('send-keys', '-t', 'app', '-l', 'drill');
    term.keys('Enter');
    await term.ready('gate-confirm', 60_000); // acknowledge-loss: the snapshot lacks the newest rows
    term.keys('y');
    await term.ready('gate-confirm', 60_000); // drop-snapshot-copy
    term.keys('y');
    await term.ready('manual', 60_000); // resume-writes
    term.keys('d');

    const end = await term.waitFor(/exit status: \d+/, 60_000);
    expect(end).toMatch(/score: PASS/);
    expect(end).toMatch(/RTO \d/);
    expect(end).toMatch(/slowest steps: /);
    expect(end).toMatch(/guided: \d+ hints shown/);
    expect(end).toContain('exit status: 0');

    const [drillId] = readdirSync(join(s.home, 'drills'));
    const events = readFileSync(join(s.home, 'drills', drillId!, 'drill.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const { score } = events.find((e) => e.type === 'drill/scored');
    expect(score).toMatchObject({ validated: true, passed: true, duplicates: 0, guided: true });
    // The form's, and one per step that came into focus (the skipped Turso and Litestream steps have none).
    expect(score.hintsShown).toBeGreaterThanOrEqual(12);
    // The recovery ran with the time the operator typed, not one the drill gave it.
    const started = readJournalEvents(join(s.home, 'runs', score.runId))[0]!;
    expect(started.params.incident_at).toBe(incident);
    expect(existsSync(join(s.home, 'drills', drillId!, 'world'))).toBe(false);
  }, 240_000);

  it('from home: Practice, Enter starts the drill; Ctrl+C at the page stops it (130), its world removed, the journal says why', async () => {
    const s = makeSandbox();
    const argv = ['sh', '-c', 'echo; "$@"; echo "exit status: $?"', 'sh', process.execPath, CLI];
    term = startTmux({ argv, cwd: s.cwd, env: s.env, width: 140, height: 50 });
    await term.ready('home', 30_000);
    term.command('send-keys', '-t', 'app', '-l', '/practice');
    term.keys('Enter');
    // Home's key handler has listened since the first frame; the filter only narrows the list.
    await term.waitFor(/❯ libsql-accidental-deletion +libsql · drill +never drilled[\s\S]*Enter open \(on Practice: drill\)/);
    term.keys('Enter');
    await term.ready('drill-params', 90_000);
    expect(term.capture()).toContain('[admin-script] DELETE');
    // A first drill from Practice is guided.
    expect(term.capture()).toContain('hint (parameters)');
    term.keys('C-c');
    const end = await term.waitFor(/exit status: \d+/, 30_000);
    expect(end).toContain('exit status: 130');
    const [drillId] = readdirSync(join(s.home, 'drills'));
    const events = readFileSync(join(s.home, 'drills', drillId!, 'drill.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(events.find((e) => e.type === 'drill/failed')?.error).toMatch(/interrupted by SIGINT/);
    expect(existsSync(join(s.home, 'drills', drillId!, 'world'))).toBe(false);
  }, 180_000);

  it('--from-target on a terminal: the page is about that target\'s table, the world has its schema; Ctrl+C leaves the target untouched', async () => {
    const s = makeSandbox();
    // A team's own schema, not the seeds': projects, and tasks under ON DELETE CASCADE.
    const db = join(s.cwd, 'planner.db');
    const backups = join(s.cwd, 'planner-backups');
    mkdirSync(backups);
    const client = createClient({ url: `file:${db}` });
    await client.batch(
      [
        'CREATE TABLE projects (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, opened_at DATETIME NOT NULL DEFAULT (datetime(\'now\')))',
        'CREATE TABLE tasks (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE, title TEXT NOT NULL)',
        "INSERT INTO projects (id, code) VALUES (1, 'REAL')",
      ],
      'write',
    );
    client.close();
    writeFileSync(join(s.cwd, 'pitstop.yaml'), JSON.stringify({ targets: { planner: { engine: 'libsql', url: `file:${db}`, backups, data: { tables: { projects: { newest: 'opened_at' }, tasks: {} } } } } }));
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');

    const argv = ['sh', '-c', 'echo; "$@"; echo "exit status: $?"', 'sh', process.execPath, CLI, 'drill', 'libsql-accidental-deletion', '--from-target', 'planner', '--rows', '300'];
    term = startTmux({ argv, cwd: s.cwd, env: s.env, width: 160, height: 50 });
    await term.ready('drill-params', 90_000);
    expect(term.capture()).toMatch(/ALERT \[drill\] projects: row count dropped/);
    term.keys('C-c');
    const end = await term.waitFor(/exit status: \d+/, 30_000);
    expect(end).toContain('exit status: 130');

    const [drillId] = readdirSync(join(s.home, 'drills'));
    const events = readFileSync(join(s.home, 'drills', drillId!, 'drill.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const world = events.find((e) => e.type === 'drill/world');
    expect(world?.schema).toMatchObject({ fromTarget: 'planner', tables: { projects: 300, tasks: 300 } });
    expect(existsSync(join(s.home, 'drills', drillId!, 'world'))).toBe(false);
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
    expect(readdirSync(backups)).toEqual([]);
  }, 180_000);

  it('without a runbook: home opens on its Practice section (the list filtered), q leaves (exit 0)', async () => {
    const s = makeSandbox();
    const argv = ['sh', '-c', 'echo; "$@"; echo "exit status: $?"', 'sh', process.execPath, CLI, 'drill'];
    term = startTmux({ argv, cwd: s.cwd, env: s.env, width: 140, height: 40 });
    await term.ready('home', 30_000);
    const screen = await term.waitFor(/❯ libsql-accidental-deletion +libsql · drill +never drilled/);
    expect(screen).toContain('filter: practice');
    term.keys('q');
    expect(await term.waitFor(/exit status: \d+/)).toContain('exit status: 0');
  }, 60_000);
});
