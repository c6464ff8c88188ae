import { createClient } from '@libsql/client';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

const RUNBOOK = `id: copy-and-count
title: Copy rows back and check production holds them all
scenario: custom
engine: libsql
steps:
  - id: count-before
    kind: sql
    query: SELECT count(*) AS n FROM items
  - id: copy-back
    kind: sql
    read_only: false
    query: INSERT INTO items (v) SELECT v FROM staging
  - id: validate
    kind: sql
    query: SELECT count(*) AS n FROM items
    expect:
      n: { eq: { expr: "steps.count-before.outputs.n + steps.copy-back.outputs.row_count" } }
`;

/** A libSQL file with 3 rows in production and 2 to copy back; `loseOne` makes the copy drop one row, as a broken copy would. */
async function project(loseOne: boolean): Promise<Sandbox> {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(join(sandbox.cwd, 'runbooks', 'copy-and-count.yaml'), RUNBOOK);
  const file = join(sandbox.cwd, 'shop.db');
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), ['targets:', '  shop:', '    engine: libsql', `    url: file:${file}`, ''].join('\n'));
  const db = createClient({ url: `file:${file}` });
  await db.batch([
    'CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)',
    'CREATE TABLE staging (v TEXT NOT NULL)',
    "INSERT INTO items (v) VALUES ('a'), ('b'), ('c')",
    "INSERT INTO staging (v) VALUES ('d'), ('e')",
    ...(loseOne ? ["CREATE TRIGGER lose AFTER INSERT ON items WHEN NEW.v = 'e' BEGIN DELETE FROM items WHERE id = NEW.id; END"] : []),
  ]);
  db.close();
  return sandbox;
}

describe('an expectation computed from earlier outputs, through the built CLI on a libSQL file', () => {
  it('passes when production holds the count before plus the rows copied', async () => {
    const sandbox = await project(false);
    const run = await pitstop(sandbox, ['run', 'copy-and-count', '--plain', '--yes']);
    expect(run.exitCode, run.stderr + run.stdout).toBe(0);
    const validated = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'step/finished' && e.stepId === 'validate');
    expect(validated).toMatchObject({
      status: 'succeeded',
      evidence: [{ label: 'n', expected: '= 5 (steps.count-before.outputs.n + steps.copy-back.outputs.row_count)', actual: '5', pass: true }],
    });
  });

  it('fails when one row is missing, showing the expression, its value and the count', async () => {
    const sandbox = await project(true);
    const run = await pitstop(sandbox, ['run', 'copy-and-count', '--plain', '--yes']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout + run.stderr).toContain('n: expected = 5 (steps.count-before.outputs.n + steps.copy-back.outputs.row_count), got 4');
  });
});
