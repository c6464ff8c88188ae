import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';
import { withCluster } from '../helpers/pg.js';

/** The target: a team's own PostgreSQL system (not the seeds'), in its own cluster. */
const target = withCluster();

const SCHEMA = [
  "CREATE TYPE task_state AS ENUM ('todo', 'doing', 'done')",
  'CREATE TABLE teams (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(40) NOT NULL UNIQUE)',
  `CREATE TABLE projects (id bigserial PRIMARY KEY, team_id integer REFERENCES teams (id) ON DELETE SET NULL, code text NOT NULL UNIQUE CHECK (length(code) <= 8),
     budget numeric(8,2) CHECK (budget >= 0), created_at timestamptz NOT NULL DEFAULT now(), tags text[] NOT NULL DEFAULT '{}', meta jsonb)`,
  `CREATE TABLE tasks (id serial PRIMARY KEY, project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE, task_no integer NOT NULL CHECK (task_no > 0),
     state task_state NOT NULL DEFAULT 'todo', title text NOT NULL, UNIQUE (project_id, task_no))`,
  'CREATE TABLE task_notes (id serial PRIMARY KEY, task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE, body text NOT NULL)',
  "CREATE VIEW open_tasks AS SELECT * FROM tasks WHERE state <> 'done'",
  "CREATE FUNCTION no_done_without_title() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.state = 'done' AND NEW.title = '' THEN RAISE EXCEPTION 'title'; END IF; RETURN NEW; END $$",
  'CREATE TRIGGER tasks_title BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION no_done_without_title()',
  "INSERT INTO teams (name) VALUES ('real team')",
  "INSERT INTO projects (id, team_id, code) VALUES (990001, 1, 'REAL1')",
  "INSERT INTO tasks (project_id, task_no, title) VALUES (990001, 1, 'a real task')",
];

/** Per table: rows and an md5 of every row, in key order. */
async function contents(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of ['teams', 'projects', 'tasks', 'task_notes']) out[t] = (await target.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) AS h FROM ${t} x`, [], 'planner'))[0];
  return out;
}

describe('pitstop drill pg-accidental-deletion --from-target', () => {
  it('the target’s schema (enum, identity, serials, checks, a view, a trigger) in a throwaway cluster with generated rows, recovered and scored; the target’s data unchanged', async () => {
    await target.query('CREATE DATABASE planner');
    for (const sql of SCHEMA) await target.query(sql, [], 'planner');
    const before = await contents();
    const s = makeSandbox();
    writeFileSync(join(s.cwd, 'pitstop.yaml'), JSON.stringify({ targets: { planner: { engine: 'postgres', url: target.url('planner'), backups: join(s.cwd, 'planner-backups') } } }));

    const r = await pitstop(s, ['drill', 'pg-accidental-deletion', '--from-target', 'planner', '--rows', '300', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: /);
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const event = (type: string) => events.find((e) => e.type === type)!;
    expect(event('drill/world').schema).toEqual({ fromTarget: 'planner', tables: { teams: 300, projects: 300, tasks: 300, task_notes: 300 }, refused: [], notHonoured: [] });
    expect(Object.keys(event('drill/fingerprint').tables).sort()).toEqual(['projects', 'task_notes', 'tasks', 'teams']);
    const fault = event('drill/fault').facts;
    expect(fault).toMatchObject({ kind: 'delete', table: 'projects' });
    expect(fault.children.tasks).toBeGreaterThan(0);
    const { score } = event('drill/scored');
    expect(score).toMatchObject({ validated: true, rowsLost: 0, duplicates: 0, passed: true });
    expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);

    // The target: every row as it was.
    expect(await contents()).toEqual(before);
  }, 600_000);
});
