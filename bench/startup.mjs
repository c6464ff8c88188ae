// Start-up cost of the built CLI as ratios to a bare `node -e 0`, measured in one process so
// the figures share the machine's load. Median of N runs, commands interleaved round-robin so
// a burst of load from elsewhere hits every command alike. `node bench/startup.mjs` runs it alone.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeToExit(argv, env, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Milliseconds until `marker` appears on stdout (the run reached its first step); the run then ends on its own. */
function timeToLine(argv, env, cwd, marker) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    let at;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (at === undefined && seen.includes(marker)) at = Number(process.hrtime.bigint() - t0) / 1e6;
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => (code === 0 && at !== undefined ? resolve(at) : reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/**
 * Adds the start-up rows: each command's median and its ratio to `node -e 0`, with the target
 * ratio from the issue beside it.
 */
export async function startupBench({ cli, row, runs = 21 }) {
  const work = mkdtempSync(join(tmpdir(), 'pitstop-startup-'));
  const env = { ...process.env, PITSTOP_HOME: join(work, 'home'), NO_COLOR: '1' };
  const root = fileURLToPath(new URL('..', import.meta.url));
  mkdirSync(join(work, 'runbooks'), { recursive: true });
  writeFileSync(join(work, 'runbooks', 'first.yaml'), 'id: first\ntitle: First\nscenario: custom\nengine: libsql\nsteps:\n  - id: one\n    kind: command\n    argv: ["true"]\n');
  const node = process.execPath;
  const cases = [
    { name: 'node -e 0', argv: [node, '-e', '0'] },
    { name: 'pitstop --version', argv: [node, cli, '--version'], limit: 1.3 },
    { name: 'pitstop --help', argv: [node, cli, '--help'], limit: 1.3 },
    { name: 'pitstop list --json', argv: [node, cli, 'list', '--json'], limit: 1.5 },
    { name: 'pitstop lint runbooks/', argv: [node, cli, 'lint', join(root, 'runbooks')], limit: 1.5 },
    // The same two with an empty state home: nothing cached yet (the first run after an install or an edit).
    { name: 'pitstop list --json, cold cache', argv: [node, cli, 'list', '--json'], limit: 1.5, cold: true },
    { name: 'pitstop lint runbooks/, cold cache', argv: [node, cli, 'lint', join(root, 'runbooks')], limit: 1.5, cold: true },
    { name: 'pitstop run, to its first step', argv: [node, cli, 'run', 'first', '--plain'], limit: 2, marker: '▸ [1/1]' },
  ];
  let homes = 0;
  const envFor = (c) => (c.cold ? { ...env, PITSTOP_HOME: join(work, `cold-home-${homes++}`) } : env);
  const once = (c) => (c.marker ? timeToLine(c.argv, envFor(c), work, c.marker) : timeToExit(c.argv, envFor(c), work));
  const times = cases.map(() => []);
  for (const c of cases) await once(c); // warm-up: file cache, the state home's first write
  for (let n = 0; n < runs; n++) {
    for (const [i, c] of cases.entries()) times[i].push(await once(c));
  }
  const base = median(times[0]);
  for (const [i, c] of cases.entries()) {
    const m = median(times[i]);
    const ratio = m / base;
    const note = i === 0 ? `baseline, median of ${runs}` : `×${ratio.toFixed(2)} node (target ≤ ${c.limit}×${ratio <= c.limit ? '' : ', MISSED'})`;
    row(`start-up: ${c.name}`, `${m.toFixed(0)} ms`, note);
  }
  rmSync(work, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  await startupBench({ cli: fileURLToPath(new URL('../dist/cli.js', import.meta.url)), row: (...r) => rows.push(r), runs: Number(process.env.PITSTOP_BENCH_RUNS ?? 21) });
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [what, value, note] of rows) console.log(`${what.padEnd(width)}  ${value.padStart(7)}  ${note}`);
}
