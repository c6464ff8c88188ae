// What the PostgreSQL benches share: running a command synchronously, timing, and a throwaway
// cluster from pitstop's own helper (src/postgres/cluster.ts, built into dist/ by the bench).
import { spawnSync } from 'node:child_process';

/** Runs argv (no shell) and returns its stdout; throws with its stderr unless the exit is in okCodes. */
export function sh(argv, env = {}, okCodes = [0]) {
  const r = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (!okCodes.includes(r.status)) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`.slice(0, 2000));
  return r.stdout;
}

/** Milliseconds a synchronous function takes. */
export function timed(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A throwaway cluster in `dir` (data/, sock/, archive/ inside it), started, through the same
 * helper the tests use: initdb as the postgres user when root, unix socket only.
 * @param {string} dir
 * @param {{ archive?: boolean, checksums?: boolean, extraConf?: Record<string, string | number | boolean> }} opts
 */
export async function benchCluster(dir, opts = {}) {
  const { startCluster, runAsPostgresArgv, pgBinDir } = await import('../dist/postgres/cluster.js');
  const cluster = await startCluster({ dir, ...opts });
  return { cluster, asPg: runAsPostgresArgv, bin: pgBinDir(), env: { ...cluster.env, PGDATABASE: 'postgres' } };
}
