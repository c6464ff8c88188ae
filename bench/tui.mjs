// TUI figures, in a real pseudo-terminal (tmux): the time from start to the first frame, and
// how long a keypress waits for its frame while a command streams output. The wait includes
// tmux's own delay and the 5 ms polling of the screen, so it is an upper bound.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTmux } from '../test/helpers/tmux.mjs';

const poll = async (check, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) throw new Error('the TUI did not answer in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The goal for `pitstop` (home) to its first frame, median, in tmux. */
const FIRST_FRAME_GOAL_MS = 200;
const FRAME_RUNS = Number(process.env.PITSTOP_BENCH_RUNS ?? 7);

/** @param {{ cli: string, row: (what: string, value: string, note?: string) => void }} ctx */
export async function tuiBench({ cli, row }) {
  const dir = mkdtempSync(join(tmpdir(), 'pitstop-bench-tui-'));
  const env = { PITSTOP_HOME: join(dir, 'home'), NO_COLOR: '1' };

  // First frame of `pitstop` (home), against node printing one word in the same harness.
  const firstFrame = async (argv) => {
    const times = [];
    for (let i = 0; i < FRAME_RUNS; i++) {
      const t0 = performance.now();
      const term = startTmux({ argv, cwd: dir, env, width: 80, height: 24 });
      try {
        await poll(() => term.capture().includes('pitstop'));
        times.push(performance.now() - t0);
      } finally {
        term.close();
      }
    }
    return median(times);
  };
  const harness = await firstFrame([process.execPath, '-e', "console.log('pitstop'); setTimeout(() => {}, 5000)"]);
  const home = await firstFrame([process.execPath, cli]);
  const goal = home < FIRST_FRAME_GOAL_MS ? `under the ${FIRST_FRAME_GOAL_MS} ms goal` : `MISSED the ${FIRST_FRAME_GOAL_MS} ms goal`;
  row('TUI first frame (pitstop home, in tmux)', `${home.toFixed(0)} ms`, `×${(home / harness).toFixed(2)} node printing a word in the same harness (${harness.toFixed(0)} ms), +${(home - harness).toFixed(0)} ms; ${goal}`);
  row('TUI first frame, harness only (node printing a word)', `${harness.toFixed(0)} ms`, `median of ${FRAME_RUNS}`);

  // Key latency while 400,000 lines stream in bursts over several seconds.
  const script = "const n=400000;let i=0;const burst=()=>{let s='';for(let k=0;k<4000&&i<n;k++){i++;s+='line '+i+' '+'x'.repeat(60)+'\\\\n'}process.stdout.write(s);if(i<n)setTimeout(burst,15)};burst()";
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(
    join(dir, 'runbooks', 'loud.yaml'),
    ['id: loud', 'title: Loud', 'scenario: custom', 'engine: libsql', 'steps:', '  - id: print', '    kind: command', `    argv: [node, -e, "${script}"]`, ''].join('\n'),
  );
  const term = startTmux({ argv: [process.execPath, cli, 'run', 'loud'], cwd: dir, env, width: 80, height: 24 });
  const waits = [];
  try {
    await poll(() => /line \d+ x/.test(term.capture()));
    for (let i = 0; i < 20 && term.exitStatus() === null; i++) {
      const open = waits.length % 2 === 0;
      const t0 = performance.now();
      term.keys(open ? '?' : 'Escape');
      await poll(() => term.capture().includes('close help') === open || term.exitStatus() !== null);
      if (term.exitStatus() !== null) break;
      waits.push(performance.now() - t0);
    }
  } finally {
    term.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (waits.length === 0) row('key wait while streaming', 'n/a', 'the command ended before a key was measured');
  else row('key wait while streaming (max)', `${Math.max(...waits).toFixed(0)} ms`, `median ${median(waits).toFixed(0)} ms over ${waits.length} keys (? and Esc)`);
}

// `node bench/tui.mjs`: the TUI figures alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  await tuiBench({ cli: fileURLToPath(new URL('../dist/cli.js', import.meta.url)), row: (...r) => rows.push(r) });
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [what, value, note] of rows) console.log(`${what.padEnd(width)}  ${value.padStart(7)}  ${note}`);
}
