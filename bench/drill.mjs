// The libSQL deletion drill: what pitstop spends outside the runbook's own steps (world,
// backup run, fingerprint, application, fault, page, scoring, clean-up), target under 3 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secs } from './lib.mjs';

/**
 * `pitstop drill libsql-accidental-deletion --auto --json` twice in a fresh home, split into
 * phases: the first drill seeds the world's database (~14,000 rows), a later one copies the
 * seeded template from the home's cache.
 */
export async function drillBench({ cli, row }) {
  const home = mkdtempSync(join(tmpdir(), 'pitstop-bench-drill-'));
  try {
    for (const which of ['first drill in a home (seeds)', 'a later drill (seed cached)']) drillOnce({ cli, row, home, which });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** One drill in `home`, its wall time and phases as rows. */
function drillOnce({ cli, row, home, which }) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'drill', 'libsql-accidental-deletion', '--auto', '--json'], {
    env: { ...process.env, PITSTOP_HOME: home, NO_COLOR: '1' },
    cwd: home,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`the drill exited ${r.status}: ${r.stderr}`.slice(0, 2000));
  const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const time = (type) => Date.parse(events.find((e) => e.type === type).at);
  // The recovery run's own steps (the backup run's steps are the drill's overhead: its own cost).
  const steps = events.filter((e) => e.type === 'step/finished').reduce((sum, e) => sum + e.durationMs, 0);
  const before = time('drill/recovery') - time('drill/started');
  const after = time('drill/cleaned') - time('run/finished');
  row(`drill libsql-accidental-deletion, ${which}, wall`, secs(wall), `runbook steps ${secs(steps)}`);
  row(`drill overhead, ${which} (outside the runbook steps)`, secs(wall - steps), `world + backup + fault + page ${secs(before)}, score + clean-up ${secs(after)}; target < 3 s`);
}
