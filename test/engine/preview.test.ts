import { describe, expect, it } from 'vitest';
import { previewRequest } from '../../src/engine/preview.js';
import type { ExecRequest, Preview } from '../../src/engine/types.js';
import { TARGET } from './make-runbook.js';

describe('previewRequest', () => {
  it.each<[string, ExecRequest, Preview]>([
    [
      'a command, quoted as one would paste it',
      { kind: 'command', argv: ['pg_dump', '-Fc', '-f', '/backups/a b.dump', "it's"] },
      { summary: 'command', lines: [`pg_dump -Fc -f '/backups/a b.dump' 'it'\\''s'`], touches: { target: 'orquix', writes: true } },
    ],
    [
      'a read-only query with its bound values',
      { kind: 'sql', on: 'orquix', query: '  SELECT *\n  FROM t WHERE a = $1 AND b = $2\n', params: ["O'Brien", 5], readOnly: true },
      {
        summary: 'sql (read-only) on orquix',
        lines: ['SELECT *', '  FROM t WHERE a = $1 AND b = $2', "$1 = 'O''Brien'", '$2 = 5'],
        touches: { target: 'orquix', writes: false },
      },
    ],
    [
      'a writing query on the restored copy',
      { kind: 'sql', on: 'restored', query: 'DELETE FROM t', params: [], readOnly: false },
      { summary: 'sql (writes) on restored', lines: ['DELETE FROM t'], touches: { target: 'restored', writes: true } },
    ],
    [
      'a wait',
      { kind: 'wait', probe: { kind: 'command', argv: ['pg_isready', '-p', '55432'] }, intervalMs: 2000, timeoutMs: 60_000 },
      {
        summary: 'wait until the command passes (every 2s, up to 60s)',
        lines: ['pg_isready -p 55432'],
        touches: { target: 'orquix', writes: false },
      },
    ],
    [
      'an action, described by itself',
      { kind: 'action', action: 'app.migrate', with: {} },
      { summary: 'action app.migrate', lines: ['poetry run alembic upgrade head'], touches: { target: 'orquix', writes: true } },
    ],
    [
      'a read-only action',
      { kind: 'action', action: 'app.health', with: {} },
      { summary: 'action app.health', lines: ['(target orquix has no app.health command)'], touches: { target: 'orquix', writes: false } },
    ],
    [
      'an action unknown to this build shows its arguments',
      { kind: 'action', action: 'postgres.someday', with: { table: 'tickets', jobs: 4 }, on: 'restored' },
      { summary: 'action postgres.someday on restored', lines: ["table: 'tickets'", 'jobs: 4'], touches: { target: 'restored', writes: true } },
    ],
  ])('%s', (_label, request, preview) => {
    expect(previewRequest(request, TARGET)).toEqual(preview);
  });

  it('a command that is a check does not write', () => {
    expect(previewRequest({ kind: 'command', argv: ['true'] }, TARGET, { writes: false }).touches.writes).toBe(false);
  });
});

describe('previewRequest: what a step really changes', () => {
  it('stopping the restored copy touches the copy, not production; a copy-back touches the target', async () => {
    await import('../../src/actions/all-specs.js');
    const stop = previewRequest({ kind: 'action', action: 'postgres.stop-restored', with: { data_dir: '/srv/restore/r1', remove: false } }, TARGET);
    expect(stop.touches).toEqual({ target: 'the restored copy in /srv/restore/r1 (not production)', writes: true });
    const copy = previewRequest({ kind: 'action', action: 'postgres.copy-rows', with: { table: 'orders' } }, TARGET);
    expect(copy.touches).toEqual({ target: TARGET.name, writes: true });
  });
});

describe('previewRequest: a command step that names what it touches', () => {
  it('shows the step\'s touches: instead of the target', () => {
    const rm = previewRequest({ kind: 'command', argv: ['rm', '-f', '--', '/b/copy.db'] }, TARGET, { touches: 'the snapshot working copy' });
    expect(rm.touches).toEqual({ target: 'the snapshot working copy', writes: true });
  });
});
