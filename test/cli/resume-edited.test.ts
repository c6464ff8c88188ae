import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, spawnPitstop, type Sandbox } from '../helpers/cli.js';
import { waitFor } from '../helpers/procs.js';

/**
 * Resume replays the run it started (product spec §6): the runbook edited while a run was
 * stopped never makes a finished step run again, and going on with the edit is a choice.
 */

const append = (id: string, line: string, extra: string[] = []) => [
  `  - id: ${id}`,
  '    kind: command',
  ...extra,
  `    argv: [node, -e, "require('fs').appendFileSync(process.argv[1], '${line}\\\\n')", "{{ params.marks }}"]`,
];
const slow = [
  '  - id: slow-write',
  '    kind: command',
  '    argv:',
  '      - node',
  '      - -e',
  "      - \"require('fs').appendFileSync(process.argv[1], 'slow ' + process.pid + '\\\\n'); setTimeout(() => {}, 60000)\"",
  '      - "{{ params.marks }}"',
];
const gate = ['  - id: go', '    kind: confirm', '    title: Go on?'];

function runbookText(steps: string[][]): string {
  return [
    'id: edited',
    'title: A runbook edited while its run is stopped',
    'scenario: custom',
    'engine: libsql',
    'params:',
    '  marks: { type: path, required: true }',
    'steps:',
    ...steps.flat(),
    '',
  ].join('\n');
}

function project(steps: string[][]): { sandbox: Sandbox; marks: string; file: string } {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  const file = join(sandbox.cwd, 'runbooks', 'edited.yaml');
  writeFileSync(file, runbookText(steps));
  return { sandbox, marks: join(sandbox.cwd, 'marks.txt'), file };
}

const marksOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);


/** Runs up to the confirm gate `go` (no --yes: exit 3) with `mark` done. */
async function stoppedAtGate(steps: string[][]) {
  const p = project(steps);
  const first = await pitstop(p.sandbox, ['run', 'edited', '--plain', '--set', `marks=${p.marks}`]);
  expect(first.exitCode).toBe(3);
  expect(marksOf(p.marks)).toEqual(['mark']);
  return p;
}

describe('resume of a run whose runbook was edited', () => {
  const original = [append('mark', 'mark'), gate, append('last', 'last')];

  it('keeps a copy of the runbook in the run directory, as it was at run/started', async () => {
    const { sandbox, file } = await stoppedAtGate(original);
    expect(readFileSync(join(onlyRunDir(sandbox), 'runbook.yaml'), 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('a step added at the top: resume --yes goes on with the version the run started with; nothing finished runs again', async () => {
    const { sandbox, marks, file } = await stoppedAtGate(original);
    writeFileSync(file, runbookText([append('new-top', 'new-top'), ...original]));

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(resumed.stderr).not.toMatch(/pitstop: |\n\s+at /);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toMatch(/changed since the run began/);
    expect(resumed.stderr).toMatch(/continuing with the version the run started with/);
    expect(resumed.stderr).toContain('--accept-changed-runbook');
    expect(resumed.stderr).toContain('new-top');
    expect(marksOf(marks)).toEqual(['mark', 'last']);
  });

  it('a step renamed: resume --yes does not run it again', async () => {
    const { sandbox, marks, file } = await stoppedAtGate(original);
    writeFileSync(file, runbookText([append('mark-renamed', 'mark'), gate, append('last', 'last')]));

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toMatch(/changed since the run began/);
    expect(marksOf(marks)).toEqual(['mark', 'last']);
  });

  it('--accept-changed-runbook: the edit is shown and journaled; steps added before the cursor are skipped, later ones run, finished ones never', async () => {
    const { sandbox, marks, file } = await stoppedAtGate(original);
    writeFileSync(file, runbookText([append('new-top', 'new-top'), append('mark-renamed', 'mark'), gate, append('added-later', 'added-later'), append('last', 'last')]));

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes', '--accept-changed-runbook']);
    expect(resumed.stderr).not.toMatch(/pitstop: /);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toMatch(/added: .*new-top/);
    expect(resumed.stderr).toMatch(/added: .*added-later/);
    expect(resumed.stderr).toMatch(/renamed.*: mark → mark-renamed/);
    expect(marksOf(marks)).toEqual(['mark', 'added-later', 'last']);

    const runDir = onlyRunDir(sandbox);
    const events = readJournalEvents(runDir);
    const change = events.find((e) => e.type === 'run/runbook-changed')!;
    expect(change).toMatchObject({ added: ['new-top', 'added-later'], removed: [], renamed: { 'mark-renamed': 'mark' }, skipped: ['new-top'] });
    expect(readFileSync(join(runDir, change['file']), 'utf8')).toBe(readFileSync(file, 'utf8'));
    const report = await pitstop(sandbox, ['report', runDir.split('/').pop()!, '--format', 'md']);
    expect(report.exitCode).toBe(0);
    expect(report.stdout).toContain('added after the run passed this point');
  });

  it('--accept-changed-runbook: a finished step renamed and moved after the gate does not run again; one gone is reported removed', async () => {
    const { sandbox, marks, file } = await stoppedAtGate([append('mark', 'mark'), append('old', 'old', ['    when: "false"']), gate, append('last', 'last')]);
    writeFileSync(file, runbookText([gate, append('last', 'last'), append('mark-moved', 'mark')]));
    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes', '--accept-changed-runbook']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toMatch(/removed: old/);
    expect(resumed.stderr).toMatch(/mark → mark-moved/);
    expect(marksOf(marks)).toEqual(['mark', 'last']);
  });

  it('--yes alone never accepts the edit, and a later replay uses the accepted copy from that point', async () => {
    const { sandbox, marks, file } = await stoppedAtGate([append('mark', 'mark'), gate, gate.map((l) => l.replace(/\bgo\b/, 'go-again')), append('last', 'last')]);
    writeFileSync(file, runbookText([append('mark', 'mark'), gate, gate.map((l) => l.replace(/\bgo\b/, 'go-again')), append('added', 'added'), append('last', 'last')]));
    // Accept the edit, stop at the second gate (no --yes).
    const accepted = await pitstop(sandbox, ['resume', '--plain', '--accept-changed-runbook']);
    expect(accepted.exitCode).toBe(3);
    // Edited again after the acceptance: the accepted version is what the run now goes on with.
    writeFileSync(file, runbookText([append('mark', 'mark'), append('other', 'other')]));
    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toMatch(/changed since the run began/);
    expect(marksOf(marks)).toEqual(['mark', 'added', 'last']);
  });

  it('a run from before the copy was kept: the current file is used when its hash matches; otherwise resume stops and says how to go on', async () => {
    const { sandbox, marks, file } = await stoppedAtGate(original);
    rmSync(join(onlyRunDir(sandbox), 'runbook.yaml'));
    writeFileSync(file, runbookText([append('new-top', 'new-top'), ...original]));
    const refused = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/changed since the run began/);
    expect(refused.stderr).toContain('--accept-changed-runbook');
    expect(marksOf(marks)).toEqual(['mark']);

    writeFileSync(file, runbookText(original));
    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(resumed.exitCode).toBe(0);
    expect(marksOf(marks)).toEqual(['mark', 'last']);
    expect(readFileSync(join(onlyRunDir(sandbox), 'runbook.yaml'), 'utf8')).toBe(runbookText(original));
  });

  it.each([
    ['without accepting the edit', []],
    ['with --accept-changed-runbook', ['--accept-changed-runbook']],
  ])('kill -9 during a non-repeatable step, then an edit: resume still asks the interrupted question (%s)', async (_label, flags) => {
    const steps = [append('mark', 'mark'), slow, append('last', 'last')];
    const { sandbox, marks, file } = project(steps);
    const child = spawnPitstop(sandbox, ['run', 'edited', '--plain', '--set', `marks=${marks}`]);
    await waitFor(() => marksOf(marks).some((m) => m.startsWith('slow ')), 'the slow step to start');
    child.kill('SIGKILL');
    await child;
    const slowPid = Number(marksOf(marks).find((m) => m.startsWith('slow '))!.split(' ')[1]);
    try {
      process.kill(slowPid, 'SIGKILL');
    } catch {
      // already gone
    }
    writeFileSync(file, runbookText([append('new-top', 'new-top'), ...steps]));

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes', ...flags]);
    // stderr alongside the code, so that a failure says why.
    expect({ exitCode: resumed.exitCode, stderr: resumed.stderr }).toMatchObject({ exitCode: 3 });
    expect(resumed.stderr).toMatch(/slow-write was interrupted/);
    expect(resumed.stderr).toContain('rerun slow-write');
    expect(marksOf(marks).map((m) => m.split(' ')[0])).toEqual(['mark', 'slow']);
  });
});

describe('strict replay of the journal', () => {
  it('an event that does not fit the run is an error naming the journal line, not skipped', async () => {
    const { sandbox, file } = await stoppedAtGate([append('mark', 'mark'), gate, append('last', 'last')]);
    void file;
    const journal = join(onlyRunDir(sandbox), 'journal.jsonl');
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    // A second step/finished for `mark`, which is not running any more.
    const finished = lines.find((l) => l.includes('"step/finished"'))!;
    writeFileSync(journal, [...lines, finished].join('\n') + '\n');

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(resumed.exitCode).toBe(2);
    expect(resumed.stderr).toContain(`journal.jsonl:${lines.length + 1}`);
    expect(resumed.stderr).toMatch(/mark/);
    expect(resumed.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a step/finished without stepId', (e: Record<string, unknown>) => e['type'] === 'step/finished', 'stepId'],
    ['a run/started without target', (e: Record<string, unknown>) => e['type'] === 'run/started', 'target'],
  ])('%s: resume and report name the line and the field', async (_label, pick, field) => {
    const { sandbox } = await stoppedAtGate([append('mark', 'mark'), gate, append('last', 'last')]);
    const runDir = onlyRunDir(sandbox);
    const journal = join(runDir, 'journal.jsonl');
    const events = readJournalEvents(runDir);
    const index = events.findIndex(pick);
    delete events[index]![field];
    writeFileSync(journal, events.map((e) => JSON.stringify(e) + '\n').join(''));

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(resumed.exitCode).toBe(2);
    expect(resumed.stderr).toContain(`journal.jsonl:${index + 1}`);
    expect(resumed.stderr).toContain(field);
    expect(resumed.stderr).not.toMatch(/TypeError|\n\s+at /);
    // A report replays nothing: it renders the events before the bad line and says where it
    // stopped; with the first line bad there is nothing to render, and it says so (exit 2).
    const report = await pitstop(sandbox, ['report', runDir.split('/').pop()!]);
    expect(report.exitCode).toBe(index === 0 ? 2 : 0);
    expect(report.stderr).toContain(`damaged at line ${index + 1}`);
    expect(report.stderr).toContain(field);
    expect(report.stderr).not.toMatch(/TypeError|\n\s+at /);
  });

  it('the report is titled and ordered from the run\'s own copy, even after the file is edited or gone', async () => {
    const { sandbox, file } = await stoppedAtGate([append('mark', 'mark'), gate, append('last', 'last')]);
    writeFileSync(file, runbookText([append('new-top', 'new-top'), append('mark', 'mark'), gate, append('last', 'last')]).replace('A runbook edited while its run is stopped', 'Renamed later'));
    const runId = JSON.parse((await pitstop(sandbox, ['runs', '--json'])).stdout)[0].runId as string;
    const edited = await pitstop(sandbox, ['report', runId]);
    expect(edited.exitCode).toBe(0);
    expect(edited.stdout).toContain('A runbook edited while its run is stopped');
    expect(edited.stdout).not.toContain('Renamed later');
    expect(edited.stdout).not.toContain('new-top');
    rmSync(file);
    const gone = await pitstop(sandbox, ['report', runId]);
    expect(gone.stdout).toContain('A runbook edited while its run is stopped');
  });
});
