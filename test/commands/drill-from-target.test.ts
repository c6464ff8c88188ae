import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/** Rows the real target holds: none of them, nor this text, may reach the drill's world. */
const REAL_MARKER = 'real-row-never-copied';

/**
 * A team's own libSQL system, not the seeds': teams, projects (two tables under ON DELETE
 * CASCADE), tasks with a composite key, comments on tasks by that composite key, a view, an
 * index and a trigger; in WAL mode with the last writes still in the -wal. And a backups
 * directory holding a snapshot.
 */
async function teamTarget(s: Sandbox): Promise<{ db: string; backups: string }> {
  const db = join(s.cwd, 'planner.db');
  const backups = join(s.cwd, 'planner-backups');
  mkdirSync(backups);
  writeFileSync(join(backups, 'planner-20261128T0300Z.db'), 'a snapshot');
  const client = createClient({ url: `file:${db}` });
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA wal_autocheckpoint = 0');
  await client.batch(
    [
      'CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)',
      `CREATE TABLE projects (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL, code TEXT NOT NULL UNIQUE CHECK (length(code) <= 8),
         status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paused', 'closed')), created_at DATETIME NOT NULL DEFAULT (datetime('now')))`,
      `CREATE TABLE tasks (project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE, task_no INTEGER NOT NULL CHECK (task_no > 0),
         title TEXT NOT NULL, estimate_h REAL CHECK (estimate_h >= 0), PRIMARY KEY (project_id, task_no))`,
      `CREATE TABLE task_comments (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, task_no INTEGER NOT NULL, body TEXT NOT NULL,
         FOREIGN KEY (project_id, task_no) REFERENCES tasks (project_id, task_no) ON DELETE CASCADE)`,
      'CREATE TABLE project_members (project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE, person TEXT NOT NULL, PRIMARY KEY (project_id, person))',
      'CREATE INDEX tasks_by_title ON tasks (title)',
      "CREATE VIEW open_projects AS SELECT * FROM projects WHERE status = 'open'",
      "CREATE TRIGGER projects_closed AFTER UPDATE OF status ON projects WHEN NEW.status = 'closed' BEGIN DELETE FROM project_members WHERE project_id = NEW.id; END",
      `INSERT INTO teams (id, name) VALUES (1, '${REAL_MARKER}-team')`,
      `INSERT INTO projects (id, team_id, code) VALUES (77001, 1, 'REAL1')`,
      `INSERT INTO tasks (project_id, task_no, title) VALUES (77001, 1, '${REAL_MARKER}-task')`,
    ],
    'write',
  );
  client.close();
  return { db, backups };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const listing = (dir: string) => readdirSync(dir).sort().map((f) => `${f} ${statSync(join(dir, f)).mtimeMs} ${sha256(join(dir, f))}`);

describe('pitstop drill --from-target', () => {
  it('a libSQL target’s schema (not the seeds’) filled with generated rows, its data:/params:, broken and recovered; the target byte-identical, its backups untouched', async () => {
    const s = makeSandbox();
    const { db, backups } = await teamTarget(s);
    const data = { tables: { projects: { newest: 'created_at' }, tasks: {}, task_comments: {}, project_members: {}, teams: {} }, checks: [{ id: 'no-orphan-tasks', query: 'SELECT count(*) AS n FROM tasks t LEFT JOIN projects p ON p.id = t.project_id WHERE p.id IS NULL', expect: { n: { eq: 0 } } }] };
    const params = { 'libsql-accidental-deletion': { also_tables: '' } };
    writeFileSync(join(s.cwd, 'pitstop.yaml'), JSON.stringify({ targets: { planner: { engine: 'libsql', url: `file:${db}`, backups, data, params } } }));
    expect(existsSync(`${db}-wal`)).toBe(true);
    const files = [db, `${db}-wal`];
    const before = files.map(sha256);
    const backupsBefore = listing(backups);

    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--from-target', 'planner', '--rows', '600', '--auto', '--json', '--keep']);
    expect(r.stderr).not.toMatch(/pitstop: /);
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const event = (type: string) => events.find((e) => e.type === type);

    // The world is the target's schema: its tables named, rows generated, nothing refused.
    expect(event('drill/world').schema).toEqual({ fromTarget: 'planner', tables: { teams: 600, projects: 600, tasks: 600, task_comments: 600, project_members: 600 }, refused: [], notHonoured: [] });
    expect(Object.keys(event('drill/fingerprint').tables).sort()).toEqual(['project_members', 'projects', 'task_comments', 'tasks', 'teams']);
    // No params.table: the table with the most ON DELETE CASCADE children.
    const fault = event('drill/fault').facts;
    expect(fault).toMatchObject({ kind: 'delete', table: 'projects' });
    expect(fault.children.tasks).toBeGreaterThan(0);
    expect(fault.children.project_members).toBeGreaterThan(0);
    expect(fault.writerRowsDeleted).toBeGreaterThan(0);
    const { score } = event('drill/scored');
    expect(score).toMatchObject({ validated: true, duplicates: 0, rowsLost: fault.writerRowsDeleted, rowsLostFromBackup: 0, passed: true });
    expect(r.exitCode).toBe(0);

    // The drill target had the target's data: and params:, and the runs ran against it.
    const worldDir = event('drill/cleaned').dir;
    const worldConfig = JSON.parse(readFileSync(join(worldDir, 'pitstop.yaml'), 'utf8'));
    expect(worldConfig.targets.drill).toMatchObject({ engine: 'libsql', data, params });
    expect(events.filter((e) => e.type === 'step/finished' && e.stepId === 'validate-data')).toEqual([expect.objectContaining({ status: 'succeeded' })]);

    // Only the schema came over: not a row of the target, in the world or in its backups.
    const world = createClient({ url: `file:${join(worldDir, 'drill.db')}` });
    const names = (await world.execute("SELECT type || ' ' || name AS o FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY 1")).rows.map((x) => x['o']);
    expect(names).toEqual(expect.arrayContaining(['index tasks_by_title', 'trigger projects_closed', 'view open_projects']));
    expect((await world.execute('SELECT count(*) AS n FROM projects WHERE id = 77001')).rows[0]!['n']).toBe(0);
    world.close();
    for (const f of readdirSync(worldDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())) {
      expect(readFileSync(join(f.parentPath, f.name)).includes(REAL_MARKER), join(f.parentPath, f.name)).toBe(false);
    }

    // The real target: byte for byte as before (its -wal too), its backups as they were.
    expect(files.map(sha256)).toEqual(before);
    expect(listing(backups)).toEqual(backupsBefore);
  }, 180_000);

  it('params.table names a table with a composite key: the fault deletes from it, the application’s rows are counted by that key', async () => {
    const s = makeSandbox();
    const { db, backups } = await teamTarget(s);
    const params = { 'libsql-accidental-deletion': { table: 'tasks', time_column: 'title' } };
    writeFileSync(join(s.cwd, 'pitstop.yaml'), JSON.stringify({ targets: { planner: { engine: 'libsql', url: `file:${db}`, backups, params } } }));
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--from-target', 'planner', '--rows', '400', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: /);
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const fault = events.find((e) => e.type === 'drill/fault').facts;
    expect(fault).toMatchObject({ kind: 'delete', table: 'tasks' });
    expect(fault.children.task_comments).toBeGreaterThan(0);
    // The newest application row is among the deleted: found by its composite key.
    expect(fault.writerRowsDeleted).toBeGreaterThan(0);
    const { score } = events.find((e) => e.type === 'drill/scored');
    expect(score).toMatchObject({ validated: true, rowsLost: fault.writerRowsDeleted, lostByTable: { tasks: fault.writerRowsDeleted }, duplicates: 0, unexpectedRows: 0, passed: true });
    expect(score.writerRowsKept).toBe(score.writerRows - fault.writerRowsDeleted);
    expect(r.exitCode).toBe(0);
  }, 180_000);

  it('refuses a bad --rows, an unknown target and one of the other engine (both ways), before building anything (exit 2, the targets named)', async () => {
    const s = makeSandbox();
    const lone = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--rows', '50', '--auto']);
    expect(lone.stderr).toMatch(/--rows goes with --from-target/);
    const noConfig = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--from-target', 'planner', '--auto']);
    expect(noConfig.stderr).toMatch(/--from-target planner: there is no pitstop.yaml here/);
    writeFileSync(join(s.cwd, 'pitstop.yaml'), 'targets:\n  planner: { engine: libsql, url: "file:planner.db" }\n  shop: { engine: postgres, url: "postgresql://db.invalid/shop" }\n');
    const bad = await Promise.all(['0', '-3', '2.5', 'many', '200001'].map((n) => pitstop(s, ['drill', 'libsql-accidental-deletion', '--from-target', 'planner', `--rows=${n}`, '--auto'])));
    for (const r of bad) expect(r.stderr).toMatch(/--rows \S+: expected a whole number of rows per table, from 1 to 200,000[\s\S]*Example: --rows 5000/);
    const unknown = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--from-target', 'nope', '--auto']);
    expect(unknown.stderr).toMatch(/--from-target nope: no such target in pitstop.yaml[\s\S]*Its targets: planner, shop/);
    const engine = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--from-target', 'shop', '--auto']);
    expect(engine.stderr).toMatch(/target shop is postgres, and runbook libsql-accidental-deletion drills libsql[\s\S]*libsql targets in pitstop.yaml: planner/);
    const pg = await pitstop(s, ['drill', 'pg-accidental-deletion', '--from-target', 'planner', '--auto']);
    expect(pg.stderr).toMatch(/target planner is libsql, and runbook pg-accidental-deletion drills postgres[\s\S]*postgres targets in pitstop.yaml: shop/);
    // Headless without --auto: the answers the target's params do not give (the seed world's would) are asked for.
    const unanswered = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--from-target', 'planner', '--plain', '--set', 'incident_at=2026-11-29T10:00:00+01:00']);
    expect(unanswered.stderr).toMatch(/a headless drill without --auto needs --set table=…/);
    for (const r of [lone, noConfig, ...bad, unknown, engine, pg, unanswered]) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(s.home, 'drills'))).toBe(false);
  }, 60_000);
});
