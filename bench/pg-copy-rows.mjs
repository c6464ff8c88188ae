// postgres.copy-rows through pitstop (the built CLI, headless): 200k rows of which 20k were
// deleted in production, copied back from a restored copy, for a table without any key
// (matched as a multiset) and for one with a composite primary key. The copy is a dump of
// both tables restored by postgres.restore into a scratch database of the same throwaway
// cluster; the step durations come from the run's journal. PITSTOP_BENCH_COPY_ROWS sets the
// size (default 200000; a tenth deleted). Prints rows; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCluster, secs, sh } from './lib.mjs';

const maxrss = fileURLToPath(new URL('../test/helpers/maxrss.mjs', import.meta.url));

export async function pgCopyRowsBench({ cli, row }) {
  const rows = Number(process.env.PITSTOP_BENCH_COPY_ROWS ?? 200_000);
  const work = mkdtempSync(join(tmpdir(), 'pitstop-bench-copy-'));
  const { cluster, env, bin } = await benchCluster(work, { archive: false, extraConf: { fsync: 'off' } });
  const psql = (q, db = 'postgres') => sh([join(bin, 'psql'), '-qAtX', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', q], env).trim();
  try {
    // No key, pgbench_history-like: a twentieth of the rows twice over.
    psql('CREATE TABLE history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))');
    psql(`INSERT INTO history SELECT g % 10, 1, g % ${Math.round(rows * 0.95)}, g, '2026-11-22 03:00'::timestamp + (g % ${Math.round(rows * 0.95)}) * interval '1 s', 'f' FROM generate_series(1, ${rows}) g`);
    psql('CREATE TABLE links (a int, b int, note text, PRIMARY KEY (a, b))');
    psql(`INSERT INTO links SELECT g / 10, g % 10, 'n' || g FROM generate_series(1, ${rows}) g`);
    const dump = join(work, 'bench-full-20260101T000000Z.dump');
    sh([join(bin, 'pg_dump'), '--dbname', cluster.url('postgres'), '-Fc', '-t', 'history', '-t', 'links', '-f', dump]);
    const deleted = Math.round(rows / 10);
    psql(`DELETE FROM history WHERE ctid IN (SELECT ctid FROM history WHERE aid % 10 = 0 LIMIT ${deleted})`);
    psql(`DELETE FROM links WHERE ctid IN (SELECT ctid FROM links WHERE a % 10 = 0 LIMIT ${deleted})`);
    psql('VACUUM ANALYZE');

    const cwd = join(work, 'project');
    mkdirSync(join(cwd, 'runbooks'), { recursive: true });
    writeFileSync(join(cwd, 'pitstop.yaml'), `targets:\n  bench:\n    engine: postgres\n    url: ${cluster.url('postgres')}\n    backups: ${work}\n`);
    const copyStep = (id, table) => [`  - id: ${id}`, '    kind: action', '    action: postgres.copy-rows', `    with: { table: ${table} }`, '    gate: { type: typed, phrase: bench }', '    timeout: 2h'];
    writeFileSync(join(cwd, 'runbooks', 'bench-copy.yaml'), [
      'id: bench-copy', 'title: Bench copy-rows', 'scenario: custom', 'engine: postgres', 'steps:',
      '  - id: restore', '    kind: action', '    action: postgres.restore', `    with: { path: ${JSON.stringify(dump)}, database: restored_copy }`,
      ...copyStep('no_key', 'history'), ...copyStep('composite_key', 'links'), '',
    ].join('\n'));
    const home = join(work, 'home');
    const rssFile = join(work, 'maxrss');
    const r = spawnSync(process.execPath, ['--import', maxrss, cli, 'run', 'bench-copy', '--target', 'bench', '--plain', '--yes', '--confirm', 'bench', '--confirm', 'bench'], {
      cwd, env: { ...process.env, PITSTOP_HOME: home, NO_COLOR: '1', PITSTOP_TEST_MAXRSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`pitstop run bench-copy exited ${r.status}: ${r.stdout}${r.stderr}`.slice(-2000));
    const durations = stepDurations(home);
    for (const table of ['history', 'links']) {
      const n = Number(psql(`SELECT count(*) FROM ${table}`));
      if (n !== rows) throw new Error(`${table} has ${n} rows after the copy-back, expected ${rows}`);
    }
    row(`postgres.copy-rows, no key, ${rows} rows / ${deleted} deleted`, secs(durations.get('no_key')), 'each side read once, merged');
    row(`postgres.copy-rows, composite key, ${rows} rows / ${deleted} deleted`, secs(durations.get('composite_key')), `no key ×${(durations.get('no_key') / durations.get('composite_key')).toFixed(2)} the keyed copy`);
    row('peak memory of that run (restore + both copies)', `${(Number(readFileSync(rssFile, 'utf8')) / 1024).toFixed(0)} MB`);
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** durationMs of each finished step of the (only) run under `home`, from its journal. */
function stepDurations(home) {
  const [run] = readdirSync(join(home, 'runs'));
  const durations = new Map();
  for (const line of readFileSync(join(home, 'runs', run, 'journal.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line);
    if (event.type === 'step/finished') durations.set(event.stepId, event.durationMs);
  }
  return durations;
}

// `node bench/pg-copy-rows.mjs` on its own prints just these rows.
if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  await pgCopyRowsBench({ cli: new URL('../dist/cli.js', import.meta.url).pathname, row: (...r) => rows.push(r) });
  for (const [what, value, note] of rows) console.log(`${what.padEnd(56)}  ${String(value).padStart(9)}  ${note ?? ''}`);
}
