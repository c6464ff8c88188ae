import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { BugError } from '../errors.js';
import { procStat } from '../util/proc.js';
import { startHungListener, type HungListener } from './hung-listener.js';
import type { PgServer } from './pg-page-damage.js';

/** How long a killed server may take to be gone. */
const GONE_MS = 30_000;

/**
 * `lost-data-dir`: the data directory moved away (to `<data>.lost`, inside the world, so
 * clean-up removes it) and the server killed by its pid — every process of its group — as a
 * failed disk or a wiped volume would leave it. Returns where the directory went.
 */
export async function loseDataDir(server: PgServer): Promise<{ movedTo: string; pid: number }> {
  const { dataDir } = server.cluster;
  const pid = postmasterPid(dataDir);
  const movedTo = `${dataDir}.lost`;
  renameSync(dataDir, movedTo);
  // pg_ctl starts the postmaster as the leader of its own session: the group is the server.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
  await gone(pid);
  return { movedTo, pid };
}

/** `stopped`: the server shut down (fast), its data intact. */
export async function stopServer(server: PgServer): Promise<void> {
  await server.cluster.stop();
}

/**
 * `hung`: the server stopped, and in its place on the same socket a listener that accepts
 * connections and never answers. The caller stops the listener at clean-up (`stop`).
 */
export async function hangServer(server: PgServer): Promise<HungListener> {
  await server.cluster.stop();
  return startHungListener(join(server.cluster.socketDir, `.s.PGSQL.${server.cluster.port}`));
}

function postmasterPid(dataDir: string): number {
  const file = join(dataDir, 'postmaster.pid');
  const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : Number.NaN;
  if (!Number.isInteger(pid) || pid <= 0) throw new BugError(`drill fault lost-data-dir: no running server in ${dataDir}`);
  return pid;
}

async function gone(pid: number): Promise<void> {
  const deadline = Date.now() + GONE_MS;
  while (Date.now() < deadline) {
    // A zombie is gone too: its parent (pg_ctl exited long ago) is whoever reaps orphans.
    const stat = procStat(pid);
    if (stat === null || stat.state === 'Z') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new BugError(`drill fault lost-data-dir: the server (pid ${pid}) is still running ${GONE_MS / 1000} s after SIGKILL`);
}
