import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/** A libSQL target whose backups directory is empty (one project for the file). */
function project(): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  mkdirSync(join(sandbox.cwd, 'backups'));
  writeFileSync(join(sandbox.cwd, 'shop.db'), '');
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), ['targets:', '  shop:', '    engine: libsql', '    url: file:./shop.db', '    backups: ./backups', ''].join('\n'));
  return sandbox;
}
const sandbox = project();

describe('a runbook whose preconditions cannot hold says so before step 1', () => {
  it('headless: libsql-accidental-deletion from a snapshot with no snapshot is refused, nothing started', async () => {
    const run = await pitstop(sandbox, ['run', 'libsql-accidental-deletion', '--target', 'shop', '--plain', '--set', 'incident_at=2026-11-28T13:00:00Z', '--set', 'table=items', '--set', 'source=snapshot']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/this runbook cannot run yet: no verified snapshot of shop in .*backups \(step open-snapshot needs it\)/);
    expect(run.stderr).toMatch(/Run libsql-backup on shop first .*pitstop run libsql-backup --target shop.*Nothing was started\./s);
    expect(run.stdout).not.toMatch(/\[1\//);
    expect(existsSync(join(sandbox.home, 'runs')) ? onlyRunDirOrNone(sandbox) : null).toBeNull();
  });

  it('json: the same refusal, and the same exit code', async () => {
    const run = await pitstop(sandbox, ['run', 'libsql-accidental-deletion', '--target', 'shop', '--json', '--set', 'incident_at=2026-11-28T13:00:00Z', '--set', 'table=items']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout + run.stderr).toContain('this runbook cannot run yet: no verified snapshot of shop');
    expect(onlyRunDirOrNone(sandbox)).toBeNull();
  });

  it('a runbook that takes its own snapshot first is not refused, and opens it', async () => {
    writeFileSync(
      join(sandbox.cwd, 'runbooks', 'snap-then-open.yaml'),
      ['id: snap-then-open', 'title: Snapshot, then open it', 'scenario: custom', 'engine: libsql', 'steps:', '  - id: snap', '    kind: action', '    action: libsql.snapshot', '  - id: open', '    kind: action', '    action: libsql.open-snapshot', ''].join('\n'),
    );
    const run = await pitstop(sandbox, ['run', 'snap-then-open', '--target', 'shop', '--plain']);
    expect(run.stderr).not.toContain('cannot run yet');
    expect(run.exitCode).toBe(0);
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.filter((e) => e.type === 'step/finished').map((e) => [e.stepId, e.status])).toEqual([['snap', 'succeeded'], ['open', 'succeeded']]);
  });
});

function onlyRunDirOrNone(s: Sandbox): string | null {
  try {
    return onlyRunDir(s);
  } catch {
    return null;
  }
}
