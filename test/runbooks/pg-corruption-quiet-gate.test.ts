import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveGate } from '../../src/engine/policy.js';
import { evaluateWhen } from '../../src/runbook/when.js';
import { loadRunbookFile } from '../../src/runbook/load.js';
import type { TemplateContext } from '../../src/runbook/template.js';

/**
 * pg-corruption's gate before a restore to the end of a quiet archive: asked only when the
 * archive has no commit after the restore point, and it says where the archive's last commit
 * is (the TUI shows the rendered prompt).
 */
const { runbook } = loadRunbookFile(fileURLToPath(new URL('../../runbooks/pg-corruption.yaml', import.meta.url)));
const step = runbook.steps.find((s) => s.id === 'restore-to-end')!;

function context(quiet: boolean): TemplateContext {
  return {
    params: { restore_to: '2026-11-22T03:10:00-06:00' },
    target: { name: 'shop', engine: 'postgres' },
    steps: {
      scope: { outputs: { heap_damaged: true, indexes_only: false } },
      'restore-point': { outputs: { quiet, archive_last_commit: '2026-11-22T07:41:12.123456Z', archive_last_commit_lsn: '0/3116920' } },
    },
    run: { id: 'r', started_at: '2026-11-22T10:00:00Z' },
  };
}

describe('pg-corruption: the quiet-archive gate', () => {
  it('is asked only for a quiet archive', () => {
    expect(evaluateWhen(step.when!, context(true), runbook.conditions)).toBe(true);
    expect(evaluateWhen(step.when!, context(false), runbook.conditions)).toBe(false);
  });

  it("names the archive's last commit and the restore point in its prompt", () => {
    const gate = resolveGate(step, context(true), { name: 'shop', engine: 'postgres' });
    expect(gate).toMatchObject({ type: 'confirm' });
    expect(gate?.prompt).toBe(
      "The archive's last commit is at 2026-11-22T07:41:12.123456Z UTC (LSN 0/3116920), before your restore point 2026-11-22T03:10:00-06:00: restore to that last commit, the end of the archive?",
    );
  });
});
