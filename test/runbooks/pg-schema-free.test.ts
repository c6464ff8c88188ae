import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The shipped PostgreSQL runbooks name nothing of the seeds' applications, comments included. */
const DIR = fileURLToPath(new URL('../../runbooks/', import.meta.url));
const SEED_NAMES = [
  'tickets', 'interacciones', 'usuarios', 'fecha_creacion', 'users', 'projects', 'interaction_events', 'moderated_syntheses',
  'context_chunks', 'ia_responses', 'alembic', 'orquix', '/app', 'poetry',
];

describe('pg-* runbooks are schema-free', () => {
  const files = readdirSync(DIR).filter((f) => /^pg-.*\.yaml$/.test(f));

  it('finds the runbooks (the check below is not vacuous)', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(SEED_NAMES)('no runbook names %s', (name) => {
    const hits = files.flatMap((f) =>
      readFileSync(`${DIR}${f}`, 'utf8').split('\n').flatMap((line, i) => (line.toLowerCase().includes(name) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
