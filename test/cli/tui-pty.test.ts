import { createClient } from '@libsql/client';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeSandbox, onlyRunDir, readJournalEvents, type Sandbox } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

const MAXRSS = fileURLToPath(new URL('../helpers/maxrss.mjs', import.meta.url));

let term: TmuxSession | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
});

/** The exit status of pitstop, as the wrapping shell printed it. */
async function exitOf(t: TmuxSession, timeoutMs = 20_000): Promise<number> {
  const screen = await t.waitFor(/exit status: \d+/, timeoutMs);
  return Number(/exit status: (\d+)/.exec(screen)![1]);
}

/** A project with one libSQL target on a real file and the given runbooks. */
async function project(runbooks: Record<string, string[]>): Promise<Sandbox & { db: string }> {
  const sandbox = makeSandbox();
  const db = join(sandbox.cwd, 'tickets.db');
  const client = createClient({ url: `file:${db}` });
  await client.execute('CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT)');
  client.close();
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), `targets:\n  tickets:\n    engine: libsql\n    url: file:${db}\n`);
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  for (const [id, steps] of Object.entries(runbooks)) {
    const head = [`id: ${id}`, `title: The ${id} runbook`, 'scenario: custom', 'engine: libsql', `summary: ${id} in a real terminal`, 'steps:'];
    writeFileSync(join(sandbox.cwd, 'runbooks', `${id}.yaml`), [...head, ...steps, ''].join('\n'));
  }
  return { ...sandbox, db };
}

function open(sandbox: Sandbox, args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): TmuxSession {
  // After pitstop ends, the terminal's own settings are printed: raw mode must be off again.
  // The status is printed too: tmux does not always record it.
  const thenShowModes = ['sh', '-c', '"$@"; status=$?; echo; echo "modes: $(stty -a | tr -s \' ;\' \'\\n\' | grep -x -e -icanon -e icanon -e -echo -e echo | tr \'\\n\' \' \')"; echo "exit status: $status"', 'sh'];
  const argv = [...thenShowModes, process.execPath, ...nodeArgs, CLI, ...args];
  term = startTmux({ argv, cwd: sandbox.cwd, env: { ...sandbox.env, NO_COLOR: '', ...env }, width: 80, height: 24 });
  return term;
}

describe('the TUI in a pseudo-terminal', () => {
  it('picks a runbook by keys, takes an input and a typed gate, finishes, journals, and leaves the terminal clean', async () => {
    const sandbox = await project({
      'pty-drill': [
        '  - id: when',
        '    kind: input',
        '    title: When did it start?',
        '    params:',
        '      at: { type: timestamp, required: true, prompt: Start time with offset }',
        '  - id: note',
        '    kind: command',
        '    title: Note the time',
        '    argv: [node, -e, "console.log(\'noted\', process.argv[1])", "{{ steps.when.outputs.at }}"]',
        '  - id: write',
        '    kind: sql',
        '    title: Record the drill',
        '    read_only: false',
        '    destructive: true',
        '    gate: { type: typed, phrase: "{{ target.name }}" }',
        '    query: INSERT INTO tickets (title) VALUES (?)',
        '    params: ["drill at {{ steps.when.outputs.at }}"]',
      ],
    });
    const t = open(sandbox, []);
    await t.waitFor('pty-drill');
    await t.type('/pty-drill');
    await t.waitFor('filter: pty-drill');
    t.keys('Enter');
    await t.waitFor('Enter open');
    t.keys('Enter');
    await t.waitFor('Start time with offset');
    await t.type('2026-11-22T03:10:00+01:00');
    t.keys('Enter');
    await t.waitFor('To approve, type');
    await t.type('tickets');
    t.keys('Enter');
    expect(await exitOf(t)).toBe(0);
    const end = t.capture();
    // The end is told once: the last frame stays on screen, nothing repeats it below.
    expect(end.split('run finished').length - 1).toBe(1);
    expect(end).toMatch(/modes: icanon echo/);

    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.find((e) => e.type === 'gate/answered')).toMatchObject({ stepId: 'write', approved: true, answer: 'tickets' });
    expect(events.at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
    const client = createClient({ url: `file:${sandbox.db}` });
    const rows = (await client.execute('SELECT title FROM tickets')).rows.map((r) => r[0]);
    client.close();
    expect(rows).toEqual(['drill at 2026-11-22T03:10:00+01:00']);
  });

  it('takes bursts: several BSpace keys sent in one send-keys call are each applied, in the form and at a typed gate', async () => {
    const sandbox = await project({
      'pty-burst': [
        '  - id: what',
        '    kind: input',
        '    title: What happened?',
        '    params:',
        '      title: { type: string, required: true, prompt: A title for the ticket }',
        '  - id: write',
        '    kind: sql',
        '    title: Record it',
        '    read_only: false',
        '    destructive: true',
        '    gate: { type: typed, phrase: "{{ target.name }}" }',
        '    query: INSERT INTO tickets (title) VALUES (?)',
        '    params: ["{{ steps.what.outputs.title }}"]',
      ],
    });
    const t = open(sandbox, ['run', 'pty-burst']);
    // No sleeping before typing: each burst waits for the screen's key handler.
    await t.ready('input');
    t.keys('abcxyz', 'BSpace', 'BSpace', 'BSpace', 'Left', 'DC', 'End', 'd', 'Enter');
    await t.ready('gate-typed');
    t.keys('ticketsxx', 'BSpace', 'BSpace', 'Enter');
    expect(await exitOf(t)).toBe(0);
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.find((e) => e.type === 'gate/answered')).toMatchObject({ stepId: 'write', approved: true, answer: 'tickets' });
    const client = createClient({ url: `file:${sandbox.db}` });
    const rows = (await client.execute('SELECT title FROM tickets')).rows.map((r) => r[0]);
    client.close();
    expect(rows).toEqual(['abd']);
  });

  it('while a command streams 200,000 lines, keys respond, the tail shows, and memory stays flat', async () => {
    const peak = async (lines: number) => {
      // Lines arrive in bursts over a few seconds, like a busy restore log.
      const script = `const n=${lines};let i=0;const burst=()=>{let s='';for(let k=0;k<4000&&i<n;k++){i++;s+='line '+i+' '+'x'.repeat(60)+'\\\\n'}process.stdout.write(s);if(i<n)setTimeout(burst,15)};burst()`;
      const sandbox = await project({ loud: ['  - id: print', '    kind: command', '    title: Stream a lot', `    argv: [node, -e, "${script}"]`] });
      const rssFile = join(sandbox.cwd, 'maxrss');
      const t = open(sandbox, ['run', 'loud'], ['--import', MAXRSS], { PITSTOP_TEST_MAXRSS_FILE: rssFile });
      if (lines >= 200_000) {
        await t.waitFor(/line \d+ x/);
        // A key while output pours in: the help opens and closes while the step still runs.
        t.keys('?');
        await t.waitFor('Keys');
        t.keys('Escape');
        const back = await t.waitFor(/line \d+ x/);
        expect(back).toMatch(/▶ \[1\/1\] print/);
      }
      expect(await exitOf(t, 60_000)).toBe(0);
      const log = readFileSync(join(onlyRunDir(sandbox), 'steps', 'print.1.log'), 'utf8');
      expect(log.split('\n').filter(Boolean)).toHaveLength(lines);
      t.close();
      return Number(readFileSync(rssFile, 'utf8'));
    };
    const small = await peak(20_000);
    const big = await peak(200_000);
    console.info(`TUI peak RSS: 20k lines ${small} KB, 200k lines ${big} KB`);
    // 10× the output (13 MB more) must not show up in memory beyond V8's noise.
    expect(big - small).toBeLessThan(32 * 1024);
  });

  it('q pauses after asking, Ctrl+C twice forces; both leave the terminal as it was; NO_COLOR and resizes are honoured', async () => {
    const steps = [
      '  - id: long-copy',
      '    kind: command',
      '    title: Copy the archive of every ticket ever written to the backup volume, slowly',
      '    argv: [node, -e, "console.log(\'copying\'); setTimeout(() => {}, 60000)"]',
    ];
    const sandbox = await project({ long: steps });
    const colourSgr = /\u001b\[[0-9;]*(3[0-7]|9[0-7]|38;[0-9;]+)m/;

    const t = open(sandbox, ['run', 'long'], [], { NO_COLOR: '1' });
    const narrow = await t.waitFor('copying');
    expect(colourSgr.test(t.captureStyled())).toBe(false);
    // At 80 columns the long title wraps: every word is on screen, none cut with "…".
    expect(narrow.replace(/\s+/g, ' ')).toContain('long-copy — Copy the archive of every ticket ever written to the backup volume, slowly');
    expect(narrow).not.toMatch(/long-copy .*…/);
    t.resize(160, 30);
    await t.waitFor('written to the backup volume, slowly');
    t.keys('q');
    await t.waitFor('Pause the run now?');
    t.keys('y');
    expect(await exitOf(t)).toBe(3);
    expect(t.capture()).toMatch(/modes: icanon echo/);
    const paused = readJournalEvents(onlyRunDir(sandbox));
    expect(paused.some((e) => e.type === 'run/paused')).toBe(true);
    t.close();

    // Colours are there when NO_COLOR is not set; two Ctrl+C leave at once with 130.
    const u = open(sandbox, ['resume'], [], { NO_COLOR: '' });
    await u.waitFor('was interrupted while it ran');
    expect(colourSgr.test(u.captureStyled())).toBe(true);
    u.keys('r');
    await u.waitFor(/again, type/);
    await u.type('rerun long-copy');
    u.keys('Enter');
    await u.waitFor('copying');
    u.keys('C-c');
    await u.waitFor('Pause the run now?');
    u.keys('C-c');
    expect(await exitOf(u)).toBe(130);
    expect(u.capture()).toMatch(/modes: icanon echo/);
  });

  it('with nothing configured, a shipped libSQL runbook runs end to end on the built-in sandbox', async () => {
    const sandbox = makeSandbox();
    const t = open(sandbox, []);
    await t.waitFor('libsql-backup  libsql · sandbox');
    await t.type('/libsql-backup');
    await t.waitFor('filter: libsql-backup');
    t.keys('Enter');
    await t.waitFor('Enter open');
    t.keys('Enter');
    // The parameter form: Enter moves through the fields and starts the run on the last one.
    await t.waitFor('max_age: 15m');
    for (let i = 0; i < 4; i++) t.keys('Enter');
    expect(await exitOf(t, 30_000)).toBe(0);
    expect(t.capture()).toContain('run finished');
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
    expect(events.find((e) => e.type === 'step/finished' && e.stepId === 'snapshot')).toMatchObject({ status: 'succeeded' });
  });
});
