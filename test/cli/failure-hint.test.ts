import { basename, join } from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/**
 * A failed action's hint (what to do about it) travels as its own field, `hint`, beside the
 * message: in the journal's failed `step/finished`, the plain and NDJSON output and the
 * report. Journals written before kept it joined into the message, "message (hint)": they
 * still read.
 */

const MESSAGE = 'backup file not found: no-such-backup.db';
const HINT = 'Check the path; the backup step may have failed.';

function project(): Sandbox {
  const s = makeSandbox();
  mkdirSync(join(s.cwd, 'runbooks'));
  writeFileSync(
    join(s.cwd, 'runbooks', 'verify-missing.yaml'),
    'id: verify-missing\ntitle: Verify a missing backup\nscenario: custom\nengine: libsql\nsteps:\n  - id: verify\n    kind: action\n    action: backup.checksum\n    with: { path: no-such-backup.db, mode: verify }\n',
  );
  return s;
}

const failedStep = (s: Sandbox) => readJournalEvents(onlyRunDir(s)).find((e) => e['type'] === 'step/finished' && e['status'] === 'failed')!;

describe('the hint of a failed step', () => {
  it('is its own field in the journal, and its own line in plain output', async () => {
    const s = project();
    const result = await pitstop(s, ['run', 'verify-missing', '--plain']);
    expect(result.exitCode).toBe(1);
    expect(failedStep(s)).toMatchObject({ error: MESSAGE, hint: HINT });
    expect(result.stdout).toMatch(new RegExp(`✗ verify failed after .*: ${MESSAGE}\\n\\s+→ ${HINT.replace('.', '\\.')}\\n`));
    expect(result.stdout).not.toContain(`(${HINT})`);
  });

  it('is a field of the NDJSON events and of the report (markdown and JSON)', async () => {
    const s = project();
    const json = await pitstop(s, ['run', 'verify-missing', '--json']);
    expect(json.exitCode).toBe(1);
    const events = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(events.find((e) => e.type === 'step/finished' && e.status === 'failed')).toMatchObject({ error: MESSAGE, hint: HINT });

    const runId = basename(onlyRunDir(s));
    const report = await pitstop(s, ['report', runId, '--format', 'json']);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain(JSON.stringify(HINT));
    expect(report.stdout).not.toContain(`(${HINT})`);
    const md = await pitstop(s, ['report', runId]);
    expect(md.stdout).toContain(MESSAGE);
    expect(md.stdout).toMatch(new RegExp(`Hint: ${HINT.replace('.', '\\.')}`));
  });

  it('of a journal written before it had its own field (joined into the message) still reads', async () => {
    const s = project();
    expect((await pitstop(s, ['run', 'verify-missing', '--plain'])).exitCode).toBe(1);
    const dir = onlyRunDir(s);
    const journal = join(dir, 'journal.jsonl');
    const old = readFileSync(journal, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const e = JSON.parse(line);
        if (e.hint === undefined) return line;
        const { hint, ...rest } = e;
        return JSON.stringify({ ...rest, error: `${e.error} (${hint})` });
      });
    writeFileSync(journal, `${old.join('\n')}\n`);
    const report = await pitstop(s, ['report', basename(dir)]);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain(`${MESSAGE} (${HINT})`);
    const resume = await pitstop(s, ['resume', basename(dir), '--plain']);
    expect(resume.stderr).not.toMatch(/journal line/);
  });
});
