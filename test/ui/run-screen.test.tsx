import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml, TOKEN } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const incident = runbookYaml(
  'incident',
  [
    '  - id: when',
    '    kind: input',
    '    title: When did it start?',
    '    params:',
    '      started_at: { type: timestamp, required: true, prompt: Start time with offset }',
    '  - id: print',
    '    kind: command',
    '    title: Print some lines',
    '    argv: [node, -e, "for (let i = 1; i <= 30; i++) console.log(`line ${i}`)"]',
    '  - id: list',
    '    kind: sql',
    '    title: List the tickets',
    '    query: SELECT id, title FROM tickets ORDER BY id',
    '  - id: enough',
    '    kind: check',
    '    title: At least two tickets',
    '    query: SELECT count(*) AS n FROM tickets',
    '    expect: { n: { gte: 2 } }',
    '  - id: tell-team',
    '    kind: manual',
    '    title: Tell the team in the incident channel',
    '  - id: write',
    '    kind: sql',
    '    title: Add a ticket about the incident',
    '    read_only: false',
    '    destructive: true',
    '    gate: { type: typed, phrase: "{{ target.name }}" }',
    '    query: INSERT INTO tickets (title) VALUES (?)',
    '    params: ["incident at {{ steps.when.outputs.started_at }}"]',
  ],
  ['sla: { rto: 30m }'],
);

describe('run screen', () => {
  it('takes an input with inline validation, shows output, rows, check results, a manual note and a typed gate', async () => {
    const world = await makeWorld({ incident });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'incident' });

    // The header: runbook, target (engine and database, no secret), elapsed time and the RTO budget.
    const first = await app.waitFor('Start time with offset');
    expect(first).toContain('Test incident');
    expect(first).toMatch(/target tickets \(libsql/);
    expect(first).toMatch(/RTO 30m|RTO.*left/);

    // A timestamp without an offset is refused inline, with the reason; nothing is sent.
    await app.type('2026-11-22T03:10:00');
    await app.press(KEY.enter);
    const refused = await app.waitFor('has no UTC offset');
    expect(refused).toMatch(/read it in its own timezone/);
    expect(world.journal().some((e) => e.type === 'input/given' || e.type === 'step/finished')).toBe(false);
    for (let i = 0; i < 19; i++) await app.press(KEY.backspace);
    await app.type('2026-11-22T03:10:00+01:00');
    await app.press(KEY.enter);

    // Manual step: n opens a note, Enter marks it done with the note.
    await app.waitFor('Tell the team in the incident channel');
    await app.waitFor('mark done');
    const atManual = app.all();
    expect(atManual).toMatch(/✓ \[2\/6\] print — Print some lines.*\n\s+pass exit code: expected 0, got 0/);
    // Query rows as a table; a check as pass/fail with the expected and the actual value.
    expect(atManual).toMatch(/id │ title\n\s+1\s+│ printer on fire\n\s+2\s+│ vpn down\n\s+2 rows/);
    expect(atManual).toContain('pass n: expected >= 2, got 2');
    await app.press('n');
    await app.type('posted in #inc-42');
    await app.press(KEY.enter);

    // Typed gate: a wrong phrase approves nothing and says so; the right one runs the step.
    await app.waitFor('To approve, type');
    await app.type('tikets');
    await app.press(KEY.enter);
    await app.waitFor(/nothing was approved/);
    await app.type('tickets');
    await app.press(KEY.enter);
    await app.waitFor('run finished');

    const journal = world.journal();
    const answers = journal.filter((e) => e.type === 'gate/answered');
    expect(answers.at(-1)).toMatchObject({ stepId: 'write', approved: true });
    expect(journal.find((e) => e.type === 'manual/done' || (e.type === 'step/finished' && e.stepId === 'tell-team'))).toBeTruthy();
    expect(JSON.stringify(journal)).toContain('posted in #inc-42');
    expect(app.all()).not.toContain(TOKEN);
  });
});
