import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, makeSandbox, onlyRunDir, pitstop, readJournalEvents } from '../../helpers/cli.js';
import { leakedForms } from '../../helpers/secret-search.js';
import { seededDb, TURSO_STUB_DIR } from '../libsql/helpers.js';

/**
 * The token turso.pitr creates, through the real runner loop and the built CLI (the Turso
 * CLI is the stand-in on PATH): `turso db tokens create` prints it, and nothing of it may
 * reach stdout, the step log, the journal or the report; the restored copy is still usable.
 */
describe('turso.pitr in a run', () => {
  it('keeps the created token out of every output, and masks it if a later step prints it', async () => {
    const sandbox = makeSandbox();
    const cloud = join(sandbox.cwd, 'cloud');
    mkdirSync(cloud, { recursive: true });
    await seededDb(join(cloud, 'tickets-db.db'), { users: 5, tickets: 20 });
    Object.assign(sandbox.env, { PATH: `${TURSO_STUB_DIR}:${process.env['PATH']}`, TURSO_STUB_DIR: cloud });
    writeFileSync(
      join(sandbox.cwd, 'pitstop.yaml'),
      ['targets:', '  tickets:', '    engine: libsql', `    url: file:${join(cloud, 'tickets-db.db')}`, '    turso: { database: tickets-db }', ''].join('\n'),
    );
    mkdirSync(join(sandbox.cwd, 'runbooks'));
    writeFileSync(
      join(sandbox.cwd, 'runbooks', 'pitr.yaml'),
      [
        'id: pitr',
        'title: A point-in-time copy, then a step that prints its token',
        'scenario: custom',
        'engine: libsql',
        'steps:',
        '  - id: copy',
        '    kind: action',
        '    action: turso.pitr',
        '    with: { timestamp: "2026-11-22T04:30:00Z" }',
        '  - id: count-restored',
        '    kind: sql',
        '    on: restored',
        '    query: SELECT count(*) AS n FROM tickets',
        '    expect: { n: 20 }',
        '  - id: print-token',
        '    kind: command',
        // A careless step prints the token, as is and base64-encoded.
        '    argv: [sh, -c, \'cat "$TURSO_STUB_DIR/last-token"; echo; base64 < "$TURSO_STUB_DIR/last-token"\']',
        '',
      ].join('\n'),
    );
    const run = await pitstop(sandbox, ['run', 'pitr', '--plain', '--yes']);
    expect(run.stderr).not.toMatch(/pitstop: /);
    expect(run.exitCode).toBe(0);
    const runDir = onlyRunDir(sandbox);
    const copyLog = readFileSync(filesUnder(runDir).find((f) => f.includes('copy'))!, 'utf8');
    expect(copyLog).toContain('token created (kept secret)');
    expect(readJournalEvents(runDir).find((e) => e.type === 'step/finished' && e.stepId === 'count-restored')?.status).toBe('succeeded');
    const report = await pitstop(sandbox, ['report', runDir.split('/').at(-1)!]);
    const seen = [run.stdout, run.stderr, report.stdout, ...filesUnder(sandbox.home).map((f) => readFileSync(f, 'utf8'))].join('\n');
    const token = readFileSync(join(cloud, 'last-token'), 'utf8');
    expect(token).toMatch(/^stubtoken\./);
    expect(seen).not.toContain('stubtoken');
    expect(leakedForms(seen, token)).toEqual([]);
    // The token, then its base64 wrapped over two lines: all masked, nothing dropped.
    expect(readFileSync(filesUnder(runDir).find((f) => f.includes('print-token'))!, 'utf8')).toBe('***\n***\n***\n');
  });
});
