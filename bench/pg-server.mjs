// The corruption checks through pitstop against the bare commands: postgres.amcheck (pg_amcheck
// + checksum counter + a read of every table) against pg_amcheck alone, and the REINDEX path
// (damaged index found, rebuilt, checked again) against pg_amcheck, psql REINDEX, pg_amcheck.
// A throwaway cluster with data checksums; 300k rows by default (PITSTOP_BENCH_SERVER_ROWS).
// Prints rows; asserts nothing.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCluster, sh, timed } from './lib.mjs';


export async function pgServerBench({ cli, row }) {
  const rows = Number(process.env.PITSTOP_BENCH_SERVER_ROWS ?? 300_000);
  const work = mkdtempSync(join(tmpdir(), 'pitstop-bench-server-'));
  const { cluster, env, asPg, bin } = await benchCluster(work, { archive: false, extraConf: { fsync: 'off' } });
  const { dataDir: data, socketDir: sock, port } = cluster;
  const psql = (q) => sh([join(bin, 'psql'), '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', q], env).trim();
  const pgctl = (...args) => sh(asPg([join(bin, 'pg_ctl'), '-D', data, '-l', cluster.logFile, '-w', ...args]));
  try {
    psql('CREATE TABLE events (id bigserial PRIMARY KEY, project_id int NOT NULL, payload text NOT NULL)');
    psql('CREATE INDEX events_project_idx ON events (project_id)');
    psql(`INSERT INTO events (project_id, payload) SELECT g % 500, md5(g::text) || repeat('x', 60) FROM generate_series(1, ${rows}) g`);
    psql('CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE)');
    psql(`INSERT INTO users SELECT g, 'u' || g || '@example.test' FROM generate_series(1, ${Math.ceil(rows / 20)}) g`);
    psql('VACUUM ANALYZE');

    const cwd = join(work, 'project');
    mkdirSync(join(cwd, 'runbooks'), { recursive: true });
    writeFileSync(join(cwd, 'pitstop.yaml'), `targets:\n  bench:\n    engine: postgres\n    url: postgresql://postgres@/postgres?host=${sock}&port=${port}\n`);
    writeFileSync(join(cwd, 'runbooks', 'scope.yaml'), 'id: scope\ntitle: Scope\nscenario: custom\nengine: postgres\nsteps:\n  - id: scope\n    kind: action\n    action: postgres.amcheck\n');
    writeFileSync(join(cwd, 'runbooks', 'scope-noread.yaml'), 'id: scope-noread\ntitle: Scope\nscenario: custom\nengine: postgres\nsteps:\n  - id: scope\n    kind: action\n    action: postgres.amcheck\n    with: { read_tables: false }\n');
    writeFileSync(join(cwd, 'runbooks', 'nothing.yaml'), 'id: nothing\ntitle: Nothing\nscenario: custom\nengine: postgres\nsteps:\n  - id: one\n    kind: command\n    argv: [\"true\"]\n');
    writeFileSync(
      join(cwd, 'runbooks', 'reindex-path.yaml'),
      [
        'id: reindex-path', 'title: REINDEX path', 'scenario: custom', 'engine: postgres', 'steps:',
        '  - id: scope', '    kind: action', '    action: postgres.amcheck',
        '  - id: reindex', '    kind: action', '    action: postgres.reindex', '    when: steps.scope.outputs.indexes_only',
        '    with: { indexes: "{{ steps.scope.outputs.index_relations }}" }', '    gate: { type: typed, phrase: bench }',
        '  - id: recheck', '    kind: action', '    action: postgres.amcheck', '    with: { fail_on_corruption: true }', '',
      ].join('\n'),
    );
    const pitstop = (args) => {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, PITSTOP_HOME: join(work, 'home'), NO_COLOR: '1' }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`pitstop ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
    };
    const amcheck = (okCodes = [0]) => sh([join(bin, 'pg_amcheck'), '--install-missing', '--heapallindexed', 'postgres'], env, okCodes);

    // A clean database, checked three ways.
    amcheck(); // warm the cache and install the extension, as a second check would find them
    const tBare = Math.min(timed(() => amcheck()), timed(() => amcheck()));
    const tScope = Math.min(timed(() => pitstop(['run', 'scope', '--plain'])), timed(() => pitstop(['run', 'scope', '--plain'])));
    const tNoRead = Math.min(timed(() => pitstop(['run', 'scope-noread', '--plain'])), timed(() => pitstop(['run', 'scope-noread', '--plain'])));
    const tRun = Math.min(timed(() => pitstop(['run', 'nothing', '--plain'])), timed(() => pitstop(['run', 'nothing', '--plain'])));
    row(`pg_amcheck --heapallindexed, ${rows} rows (bare)`, `${tBare.toFixed(0)} ms`);
    row('postgres.amcheck through pitstop (+ table reads)', `${tScope.toFixed(0)} ms`, `×${(tScope / tBare).toFixed(2)} the bare pg_amcheck`);
    row('postgres.amcheck through pitstop, read_tables: false', `${tNoRead.toFixed(0)} ms`, `a one-step run that does nothing: ${tRun.toFixed(0)} ms`);

    // The REINDEX path on a damaged index page, bare and through pitstop.
    const damageIndex = () => {
      psql('CHECKPOINT');
      const file = join(data, psql("SELECT pg_relation_filepath('events_project_idx')"));
      pgctl('-m', 'fast', 'stop');
      const fd = openSync(file, 'r+');
      const page = Buffer.alloc(8192);
      readSync(fd, page, 0, 8192, 8192);
      for (let i = 4000; i < 4200; i += 1) page[i] ^= 0xff;
      writeSync(fd, page, 0, 8192, 8192);
      closeSync(fd);
      pgctl('start');
    };
    damageIndex();
    const tBarePath = timed(() => {
      amcheck([2]);
      psql('REINDEX INDEX public.events_project_idx');
      amcheck();
    });
    damageIndex();
    const tPath = timed(() => pitstop(['run', 'reindex-path', '--plain', '--confirm', 'bench']));
    row('REINDEX path: pg_amcheck, REINDEX, pg_amcheck (bare)', `${tBarePath.toFixed(0)} ms`);
    row('REINDEX path through pitstop (scope, reindex, recheck)', `${tPath.toFixed(0)} ms`, `×${(tPath / tBarePath).toFixed(2)} the bare commands`);
  } finally {
    try {
      pgctl('-m', 'fast', 'stop');
    } catch {
      // Already stopped.
    }
    rmSync(work, { recursive: true, force: true });
  }
}
