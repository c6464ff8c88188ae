// `npm run bench`: the figures we watch. Prints a table; asserts nothing (speed and memory
// belong here, not in tests). Runs the built CLI the way a user does.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const maxrss = join(root, 'test', 'helpers', 'maxrss.mjs');
const work = mkdtempSync(join(tmpdir(), 'pitstop-bench-'));
const env = { ...process.env, PITSTOP_HOME: join(work, 'home'), NO_COLOR: '1' };

function timeRuns(argv, runs, opts = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { env, cwd: opts.cwd ?? work, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

const rows = [];
const row = (what, value, note = '') => rows.push([what, value, note]);

// Start-up: each command's cost as a ratio to a bare `node -e 0` (median of N, interleaved).
await (await import('./startup.mjs')).startupBench({ cli, row });

// Streaming: 200,000 lines through a command step, against the bare command.
const lines = 200_000;
const printer = `let s = ''; for (let i = 1; i <= ${lines}; i++) { s += 'line ' + i + ' ' + 'x'.repeat(60) + '\\n'; if (s.length > 65536) { process.stdout.write(s); s = ''; } } process.stdout.write(s)`;
mkdirSync(join(work, 'runbooks'), { recursive: true });
writeFileSync(
  join(work, 'runbooks', 'loud.yaml'),
  `id: loud\ntitle: Loud\nscenario: custom\nengine: libsql\nsteps:\n  - id: print\n    kind: command\n    argv: [node, -e, ${JSON.stringify(printer)}]\n`,
);
const bare = timeRuns([process.execPath, '-e', printer], 5);
const piped = timeRuns([process.execPath, cli, 'run', 'loud', '--plain'], 5);
row(`bare command, ${lines} lines`, `${bare.median.toFixed(0)} ms`);
row(`pitstop run (plain), ${lines} lines`, `${piped.median.toFixed(0)} ms`, `×${(piped.median / bare.median).toFixed(2)} the bare command`);

function peakRss(extra) {
  const file = join(work, `rss-${Math.random()}`);
  execFileSync(process.execPath, ['--import', maxrss, cli, ...extra], { env: { ...env, PITSTOP_TEST_MAXRSS_FILE: file }, cwd: work, stdio: 'ignore' });
  return Number(readFileSync(file, 'utf8')) / 1024;
}
const rssList = peakRss(['list', '--json']);
const rssRun = peakRss(['run', 'loud', '--plain']);
row('peak memory, pitstop list --json', `${rssList.toFixed(0)} MB`);
row(`peak memory, run printing ${lines} lines`, `${rssRun.toFixed(0)} MB`, `+${(rssRun - rssList).toFixed(0)} MB over list`);

// Backup health over a fleet of 50 targets, one of them hung.
await (await import('./status.mjs')).statusBench({ cli, row, work, env });
// The libSQL deletion drill: pitstop's own time around the runbook (about 10 s).
await (await import('./drill.mjs')).drillBench({ cli, row });

// The TUI in a pseudo-terminal.
await (await import('./tui.mjs')).tuiBench({ cli, row });

// PostgreSQL point-in-time recovery phases, pitstop against the bare commands (about 10 s).
await (await import('./pg-pitr.mjs')).pgPitrBench({ cli, row });

// A dump restored through postgres.restore against bare pg_restore (only with PITSTOP_BENCH_PG=1).
await (await import('./pg-restore.mjs')).pgRestoreBench({ cli, row });

// Corruption checks: postgres.amcheck and the REINDEX path against the bare commands (about 15 s).
await (await import('./pg-server.mjs')).pgServerBench({ cli, row });

// Rows copied back by postgres.copy-rows, without a key and by a composite key (about 30 s).
await (await import('./pg-copy-rows.mjs')).pgCopyRowsBench({ cli, row });

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`pitstop bench · node ${process.version} · ${new Date().toISOString()}`);
for (const [what, value, note] of rows) console.log(`${what.padEnd(width)}  ${value.padStart(9)}  ${note}`);
rmSync(work, { recursive: true, force: true });
