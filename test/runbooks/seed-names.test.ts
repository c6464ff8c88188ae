import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUNBOOKS = fileURLToPath(new URL('../../runbooks/', import.meta.url));

/** The shipped runbooks this test reads: every one. */
export const RUNBOOK_GLOB = /\.ya?ml$/;

/** Tables, columns, paths and tools of the seeds' own applications: a shipped runbook names none of them. */
const SEED_NAMES = [
  'tickets', 'interacciones', 'usuarios', 'fecha_creacion', 'users', 'projects', 'interaction_events',
  'moderated_syntheses', 'context_chunks', 'ia_responses', 'alembic', 'orquix', 'poetry',
];

/** Every `file:line: name` where a seed name appears as a word (comments included), plus the seed's `/app` path. */
function seedNamesIn(file: string, shown = file): string[] {
  const found: string[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    for (const name of SEED_NAMES) if (new RegExp(`(^|[^A-Za-z0-9_])${name}([^A-Za-z0-9_]|$)`, 'i').test(line)) found.push(`${shown}:${i + 1}: ${name}`);
    if (/(^|[\s"'=:[(,])\/app(\/|\b)/.test(line)) found.push(`${shown}:${i + 1}: /app`);
  });
  return found;
}

describe('shipped runbooks are schema-free', () => {
  const files = readdirSync(RUNBOOKS).filter((f) => RUNBOOK_GLOB.test(f));

  it('finds the runbooks it is meant to read', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('names no table, column, path or tool of the seeds, comments included', () => {
    expect(files.flatMap((f) => seedNamesIn(join(RUNBOOKS, f), `runbooks/${f}`))).toEqual([]);
  });

  it('would catch one (the search itself works)', () => {
    const probe = join(fileURLToPath(new URL('.', import.meta.url)), 'seed-names.test.ts');
    expect(seedNamesIn(probe).length).toBeGreaterThan(0);
  });
});
