// PITR phases through pitstop (the built CLI running postgres.basebackup / postgres.pitr)
// against the bare commands doing the same work: base backup + verify, then copy + replay to a
// target time + promote (+ stop). A throwaway cluster with 100k rows, 100k more after the
// backup (the WAL to replay). Prints rows; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCluster, sh, timed } from './lib.mjs';

const root = process.getuid?.() === 0;
const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
const owner = root ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) } : null;
const asPg = (argv) => (root ? ['runuser', '-u', 'postgres', '--', ...argv] : argv);
const own = (path) => owner && chownSync(path, owner.uid, owner.gid);

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The step/finished event of a step in the (only) run of a runbook, from its journal. */
function stepFinished(home, runbook, stepId) {
  const dir = readdirSync(join(home, 'runs')).find((d) => d.includes(runbook));
  const events = readFileSync(join(home, 'runs', dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return events.find((e) => e.type === 'step/finished' && e.stepId === stepId);
}

export async function pgPitrBench({ cli, row }) {
  const work = mkdtempSync(join(tmpdir(), 'pitstop-bench-pitr-'));
  const { cluster, env } = await benchCluster(work, { extraConf: { fsync: 'off' } });
  const { socketDir: sock, archiveDir: arch, port } = cluster;
  const psql = (q) => sh(['psql', '-qAtX', '-c', q], env).trim();
  const copies = [];
  try {
    psql('CREATE TABLE events (id bigserial PRIMARY KEY, payload text)');
    psql("INSERT INTO events (payload) SELECT repeat('x', 100) FROM generate_series(1, 100000)");

    // Phase 1: base backup + verify.
    const bareBackup = join(work, 'bare-backup');
    const tBareBackup = timed(() => {
      sh([join(bin, 'pg_basebackup'), '-D', bareBackup, '-Fp', '-X', 'stream', '-c', 'fast', '--manifest-checksums=SHA256'], env);
      sh([join(bin, 'pg_verifybackup'), bareBackup]);
    });
    const home = join(work, 'home');
    const cwd = join(work, 'project');
    mkdirSync(join(cwd, 'runbooks'), { recursive: true });
    writeFileSync(join(cwd, 'pitstop.yaml'), `targets:\n  bench:\n    engine: postgres\n    url: postgresql://postgres@/postgres?host=${sock}&port=${port}\n    backups: ${join(work, 'backups')}\n    wal_archive: ${arch}\n    restore: { data_dir: ${join(work, 'restores')} }\n`);
    const cliEnv = { PITSTOP_HOME: home, NO_COLOR: '1' };
    const inCwd = (args) => {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...cliEnv }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`pitstop ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
      return r.stdout;
    };
    const tPitstopBackup = timed(() => inCwd(['run', 'pg-backup-base', '--target', 'bench', '--plain', '--yes', '--set', 'keep=3']));
    row('base backup + verify, bare', `${tBareBackup.toFixed(0)} ms`, 'pg_basebackup -X stream + pg_verifybackup, 100k rows');
    row('base backup + verify, pitstop', `${tPitstopBackup.toFixed(0)} ms`, `×${(tPitstopBackup / tBareBackup).toFixed(2)} (whole runbook: archiver check, gap check, CLI start)`);
    const backupStep = stepFinished(home, 'pg-backup-base', 'basebackup');
    const inStep = Number(backupStep?.outputs?.duration_ms);
    row('  of which pg_basebackup + pg_verifybackup', `${inStep.toFixed(0)} ms`, `×${(inStep / tBareBackup).toFixed(2)} (duration_ms of the step; the rest is the gap check and the CLI)`);

    // WAL to replay, then the target time, then writes that must not come back.
    psql("INSERT INTO events (payload) SELECT repeat('y', 100) FROM generate_series(1, 100000)");
    const target = psql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
    sleep(20);
    psql("INSERT INTO events (payload) VALUES ('after')");
    psql('SELECT pg_switch_wal()');
    sleep(500);

    // Phase 2: copy + replay to the target + promote, then stop.
    const bareCopy = join(work, 'bare-copy');
    const bareSock = join(work, 'bare-sock');
    const barePort = port + 1;
    mkdirSync(bareSock, { mode: 0o700 });
    own(bareSock);
    copies.push(bareCopy);
    let replayStarted = 0n;
    let bareReplay = 0;
    const tBareRestore = timed(() => {
      cpSync(bareBackup, bareCopy, { recursive: true });
      if (owner) sh(['chown', '-R', 'postgres:postgres', bareCopy]);
      writeFileSync(join(bareCopy, 'recovery.signal'), '');
      appendFileSync(join(bareCopy, 'postgresql.auto.conf'), `\nport = ${barePort}\nunix_socket_directories = '${bareSock}'\narchive_mode = off\nrestore_command = 'cp ${arch}/%f %p'\nrecovery_target_time = '${target.replace('T', ' ').replace('Z', '+00')}'\nrecovery_target_inclusive = off\nrecovery_target_action = promote\n`);
      replayStarted = process.hrtime.bigint();
      sh(asPg([join(bin, 'pg_ctl'), '-D', bareCopy, '-l', join(work, 'bare-copy.log'), '-W', 'start']));
      for (;;) {
        const r = spawnSync('psql', ['-qAtX', '-c', 'SELECT pg_is_in_recovery()'], { env: { ...process.env, PGHOST: bareSock, PGPORT: String(barePort), PGUSER: 'postgres' }, encoding: 'utf8' });
        if (r.status === 0 && r.stdout.trim() === 'f') break;
        sleep(50);
      }
      bareReplay = Number(process.hrtime.bigint() - replayStarted) / 1e6;
      sh(asPg([join(bin, 'pg_ctl'), '-D', bareCopy, '-m', 'fast', '-w', 'stop']));
    });
    writeFileSync(join(cwd, 'runbooks', 'bench-pitr.yaml'), [
      'id: bench-pitr', 'title: PITR bench', 'scenario: custom', 'engine: postgres', 'steps:',
      '  - id: restore', '    kind: action', '    action: postgres.pitr', `    with: { target_time: "${target}" }`,
      '  - id: stop', '    kind: action', '    action: postgres.stop-restored', '    with: { data_dir: "{{ steps.restore.outputs.data_dir }}", remove: true }', '',
    ].join('\n'));
    let out = '';
    const tPitstopRestore = timed(() => (out = inCwd(['run', 'bench-pitr', '--target', 'bench', '--plain', '--yes'])));
    if (process.env.PITSTOP_BENCH_VERBOSE) console.log(out);
    row('PITR copy + replay + promote + stop, bare', `${tBareRestore.toFixed(0)} ms`, 'cp, recovery settings, pg_ctl start, poll pg_is_in_recovery, stop');
    row('PITR copy + replay + promote + stop, pitstop', `${tPitstopRestore.toFixed(0)} ms`, `×${(tPitstopRestore / tBareRestore).toFixed(2)} (postgres.pitr + stop-restored via the CLI)`);
    // The replay + promote phase alone: postgres.pitr's own recovery_ms (pg_ctl start to promoted).
    const restored = stepFinished(home, 'bench-pitr', 'restore');
    const replay = Number(restored?.outputs?.recovery_ms);
    row('  of which replay + promote, bare', `${bareReplay.toFixed(0)} ms`, 'pg_ctl start -W until pg_is_in_recovery() is false (psql every 50 ms)');
    row('  of which replay + promote, pitstop', `${replay.toFixed(0)} ms`, `×${(replay / bareReplay).toFixed(2)} (recovery_ms of the step: pg_ctl start until promoted, polled every 150 ms)`);
  } finally {
    const stop = (dir, mode) => {
      const argv = asPg([join(bin, 'pg_ctl'), '-D', dir, '-m', mode, '-w', 'stop']);
      if (existsSync(join(dir, 'postmaster.pid'))) spawnSync(argv[0], argv.slice(1));
    };
    for (const copy of copies) stop(copy, 'immediate');
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

// Run on its own: `node bench/pg-pitr.mjs`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  await pgPitrBench({ cli: join(new URL('..', import.meta.url).pathname, 'dist', 'cli.js'), row: (...r) => rows.push(r) });
  for (const [what, value, note] of rows) console.log(`${what.padEnd(46)}  ${value.padStart(9)}  ${note}`);
}
