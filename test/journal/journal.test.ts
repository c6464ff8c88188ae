import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/types.js';
import { ConfigError } from '../../src/errors.js';
import { openJournal, readJournal } from '../../src/journal/journal.js';
import { stepLogPath } from '../../src/journal/paths.js';
import { createRedactor } from '../../src/util/redact.js';

const TOKEN = 'tok-7f2a9c-secret';

function runDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'pitstop-journal-')), 'runs', '20261122-074512-demo-k3f9');
}

const started: RunEvent = {
  type: 'run/started',
  at: '2026-11-22T07:45:12.000Z',
  runId: '20261122-074512-demo-k3f9',
  runbookId: 'demo',
  runbookHash: 'abc',
  target: { name: 'tickets', engine: 'libsql', url: 'libsql://tickets.example', auth_token: TOKEN },
  params: { table: 'tickets' },
  by: 'ana',
};
const stepStarted: RunEvent = {
  type: 'step/started',
  at: '2026-11-22T07:45:13.000Z',
  stepId: 'export',
  attempt: 1,
  request: { kind: 'command', argv: ['turso', 'db', 'export', 'tickets'], env: { TURSO_TOKEN: TOKEN } },
};

describe('journal', () => {
  it('round-trips events, one JSON line each', () => {
    const dir = runDir();
    const journal = openJournal(dir, createRedactor([]));
    journal.append(started);
    journal.append(stepStarted);
    journal.close();
    journal.close(); // idempotent
    const text = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(readJournal(join(dir, 'journal.jsonl'))).toEqual({ events: [started, stepStarted], truncatedTail: false, lineOf: [1, 2] });
  });

  it('each event is in the file when append returns (read back synchronously, before close)', () => {
    const dir = runDir();
    const journal = openJournal(dir, createRedactor([]));
    journal.append(started);
    expect(readFileSync(journal.file, 'utf8')).toBe(`${JSON.stringify(started)}\n`);
    journal.append(stepStarted);
    expect(readJournal(journal.file).events.at(-1)).toEqual(stepStarted);
    journal.close();
  });

  it('writes secrets masked: the token never reaches the disk', () => {
    const dir = runDir();
    const journal = openJournal(dir, createRedactor([TOKEN]));
    journal.append(started);
    journal.append(stepStarted);
    journal.close();
    const text = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('turso');
    // The caller's event object is not changed by masking.
    expect((stepStarted as { request: { env: Record<string, string> } }).request.env['TURSO_TOKEN']).toBe(TOKEN);
  });

  it('a torn last line (a crash mid-write) is left out and reported', () => {
    const dir = runDir();
    const journal = openJournal(dir, createRedactor([]));
    journal.append(started);
    journal.close();
    appendFileSync(journal.file, JSON.stringify(stepStarted).slice(0, 40));
    expect(readJournal(journal.file)).toEqual({ events: [started], truncatedTail: true, lineOf: [1] });

    // Appending again first cuts the torn line, so the journal stays readable.
    const again = openJournal(dir, createRedactor([]));
    expect(again.repairedTail).toBe(true);
    again.append(stepStarted);
    again.close();
    expect(readJournal(journal.file)).toEqual({ events: [started, stepStarted], truncatedTail: false, lineOf: [1, 2] });
  });

  it('a complete last event missing only its newline is kept', () => {
    const dir = runDir();
    openJournal(dir, createRedactor([])).close();
    writeFileSync(join(dir, 'journal.jsonl'), JSON.stringify(started));
    expect(readJournal(join(dir, 'journal.jsonl')).events).toEqual([started]);
    const again = openJournal(dir, createRedactor([]));
    expect(again.repairedTail).toBe(false);
    again.append(stepStarted);
    again.close();
    expect(readJournal(join(dir, 'journal.jsonl')).events).toEqual([started, stepStarted]);
  });

  it('reads every kind of event the engine knows', () => {
    const dir = runDir();
    const journal = openJournal(dir, createRedactor([]));
    const more: RunEvent[] = [
      started,
      { type: 'run/finished', at: '2026-11-22T07:50:00.000Z', status: 'failed', stepId: 'export', error: 'exit 1' },
      { type: 'run/resumed', at: '2026-11-22T07:55:00.000Z', by: 'bob' },
      { type: 'failure/resolved', at: '2026-11-22T07:55:01.000Z', stepId: 'export', choice: 'retry', by: 'bob' },
      { type: 'interrupted/resolved', at: '2026-11-22T07:55:02.000Z', stepId: 'export', choice: 'mark-done', by: 'bob' },
    ];
    for (const e of more) journal.append(e);
    journal.close();
    expect(readJournal(journal.file).events).toEqual(more);
  });

  it('a corrupt line in the middle is a ConfigError naming the line', () => {
    const dir = runDir();
    const file = join(dir, 'journal.jsonl');
    openJournal(dir, createRedactor([])).close();
    writeFileSync(file, `${JSON.stringify(started)}\n{"type":"step/sta\n${JSON.stringify(stepStarted)}\n`);
    let error: unknown;
    try {
      readJournal(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('line 2');
    expect((error as ConfigError).location).toMatchObject({ file, line: 2 });
  });

  it('step logs live under steps/<id>.<attempt>.log', () => {
    expect(stepLogPath('/r', 'check-copy', 2)).toBe(join('/r', 'steps', 'check-copy.2.log'));
    expect(() => stepLogPath('/r', '../x', 1)).toThrow();
  });
});

describe('readJournal upTo first-damage (for reports)', () => {
  it('returns the events before a damaged middle line and where it is, instead of throwing', () => {
    const dir = runDir();
    const journal = openJournal(dir, createRedactor([]));
    journal.append(started);
    journal.close();
    appendFileSync(journal.file, '{"type": "step/sta\n');
    appendFileSync(journal.file, `${JSON.stringify(stepStarted)}\n`);
    expect(() => readJournal(journal.file)).toThrow(ConfigError);
    expect(readJournal(journal.file, { upTo: 'first-damage' })).toEqual({
      events: [started],
      truncatedTail: false,
      lineOf: [1],
      damagedAt: { line: 2, problem: 'not valid JSON' },
    });
  });
});

describe('journal lines of the right shape', () => {
  const finished = { type: 'step/finished', at: '2026-11-22T07:45:14.000Z', stepId: 'export', attempt: 1, status: 'succeeded', durationMs: 5 };
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a step/finished without stepId', { ...finished, stepId: undefined }, /step\/finished without stepId \(a string\)/],
    ['a step/finished with a status that is not one', { ...finished, status: 'done' }, /bad status \(one of succeeded, failed\)/],
    ['a run/started without target', { ...started, target: undefined }, /run\/started without target \(an object\)/],
    ['a run/started whose target has no name', { ...started, target: { engine: 'libsql' } }, /without target\.name/],
    ['a gate/answered without approved', { type: 'gate/answered', at: 'x', stepId: 's', by: 'ana', via: 'tui' }, /without approved \(a boolean\)/],
  ])('%s is a ConfigError naming the line and the field', (_label, broken, message) => {
    const dir = runDir();
    const journal = openJournal(dir, createRedactor([]));
    journal.append(started);
    journal.close();
    const file = join(dir, 'journal.jsonl');
    appendFileSync(file, `${JSON.stringify(broken)}\n${JSON.stringify(stepStarted)}\n`);
    let thrown: unknown;
    try {
      readJournal(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).location).toEqual({ file, line: 2, col: 1 });
    expect((thrown as ConfigError).message).toMatch(message);
  });
});
