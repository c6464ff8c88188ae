import { afterEach, describe, expect, it } from 'vitest';
import { mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

// At 60, 80 and 120 columns the operator reads the whole step: its body, the exact command
// (a long path included) and the gate's question wrap; nothing is cut with "…".
let app: Mounted | undefined;
afterEach(() => app?.unmount());

const BODY =
  'Copy the damaged database file aside before anything else touches it, so that the integrity check, the REINDEX and any restore can all be compared against the original bytes later on.';
const LONG_PATH = '/var/lib/pitstop/incidents/2026-11-28T13-21-18Z/sandbox-before-reindex/copies/tickets-original-bytes.db';
const PROMPT = 'This copies the production database file into the incident folder; the service keeps running while it is copied, so check the disk has room first.';

const DONE_TITLE = 'Write down the time the first malformed-database error appeared in the application log';

const words = (text: string) => text.split(/\s+/).filter(Boolean);
/** The frame as one line of words: wrapped text joined again, box borders removed. */
const flat = (frame: string) => frame.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');

describe.each([
  [60, 20],
  [80, 24],
  [120, 40],
])('the run screen at %i×%i', (columns, rows) => {
  it('shows every word of the body, the command and the gate text, within the width', async () => {
    const steps = [
      '  - id: note-time',
      '    kind: command',
      `    title: ${DONE_TITLE}`,
      '    argv: [node, -e, "0"]',
      '  - id: copy-aside',
      '    kind: command',
      '    title: Keep a copy of the damaged file',
      '    body: >-',
      `      ${BODY}`,
      '    destructive: false',
      '    reason: it only reads the database file',
      `    argv: [cp, --reflink=auto, "{{ target.name }}.db", "${LONG_PATH}"]`,
      `    gate: { type: typed, phrase: "{{ target.name }}", prompt: "${PROMPT}" }`,
    ];
    const world = await makeWorld({ aside: runbookYaml('aside', steps) });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'aside' }, { columns, rows });
    await app.ready('gate-typed');
    const frame = await app.waitFor('To approve, type');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(columns);
    const text = flat(frame);
    // The finished step above, printed once: its title whole too.
    for (const word of [...words(DONE_TITLE), ...words(BODY), ...words(PROMPT)]) expect(text).toContain(word);
    // The path may break at the edge of the screen, but every character of it is there, in order.
    expect(frame.replace(/[\s│]/g, '')).toContain(LONG_PATH);
    expect(text).not.toContain('…');
    expect(frame).toMatch(/RTO|elapsed/);
  });
});

describe('a manual step', () => {
  it('shows its body once, whole, at 60 columns', async () => {
    const body = 'Post in the incident channel that writes are paused, with the ticket number and the time you expect them back.';
    const steps = ['  - id: tell', '    kind: manual', '    title: Tell the team', '    body: >-', `      ${body}`];
    const world = await makeWorld({ tell: runbookYaml('tell', steps) });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'tell' }, { columns: 60, rows: 20 });
    await app.ready('manual');
    const text = flat(await app.waitFor('d marks it done'));
    expect(text.split('incident channel').length - 1).toBe(1);
    for (const word of words(body)) expect(text).toContain(word);
  });
});
