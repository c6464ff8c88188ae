import { describe, expect, it } from 'vitest';
import { createRunId } from '../../src/journal/run-id.js';

describe('createRunId', () => {
  it('starts with the UTC time, carries the runbook id, ends with a random suffix', () => {
    const id = createRunId('pg-accidental-deletion', new Date('2026-11-22T07:45:12.345Z'));
    expect(id).toMatch(/^20261122-074512-pg-accidental-deletion-[a-z0-9]{4}$/);
  });

  it('sorts by time and does not collide within a second', () => {
    const now = new Date('2026-11-22T07:45:12Z');
    const ids = new Set(Array.from({ length: 200 }, () => createRunId('x', now)));
    expect(ids.size).toBeGreaterThan(195);
    expect(createRunId('z', new Date('2026-01-01T00:00:00Z')) < createRunId('a', new Date('2026-01-01T00:00:01Z'))).toBe(true);
  });

  it('is safe as a file name whatever the runbook id', () => {
    expect(createRunId('../Weird Id/..', new Date(0))).toMatch(/^19700101-000000-weird-id-[a-z0-9]{4}$/);
  });
});
