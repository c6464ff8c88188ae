// `pitstop status` over a fleet: 50 libSQL targets, one of them a remote server that accepts
// connections and never answers. The per-target bound and the concurrency keep the whole
// answer near one timeout, not 50 of them.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export async function statusBench({ cli, row, work, env }) {
  const dir = join(work, 'fleet');
  mkdirSync(dir, { recursive: true });
  const hung = createServer(() => undefined);
  await new Promise((r) => hung.listen(0, '127.0.0.1', r));
  const lines = ['targets:'];
  for (let i = 0; i < 49; i++) lines.push(`  t${i}:`, '    engine: libsql', `    url: file:${join(dir, `t${i}.db`)}`);
  lines.push('  hung:', '    engine: libsql', `    url: http://127.0.0.1:${hung.address().port}`);
  writeFileSync(join(dir, 'pitstop.yaml'), `${lines.join('\n')}\n`);
  for (let i = 0; i < 49; i++) writeFileSync(join(dir, `t${i}.db`), '');
  const t0 = process.hrtime.bigint();
  // Runs async so this process's server keeps accepting while the CLI probes it.
  const result = await new Promise((resolve) => {
    // spawn, not spawnSync: the hung server lives in this process and must keep running.
    const child = spawn(process.execPath, [cli, 'status'], { cwd: dir, env, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  hung.close();
  row('status, 50 targets (one hung)', `${(ms / 1000).toFixed(2)} s`, `exit ${result}; per-target timeout 3 s, 8 at a time, network targets first`);
}
