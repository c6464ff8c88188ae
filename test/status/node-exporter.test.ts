import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';
import { parsePromText } from '../helpers/prom-text.js';

/** Every metric name of the product spec §9. */
const SPEC_METRICS = [
  'pitstop_backup_last_success_timestamp_seconds', 'pitstop_backup_age_seconds', 'pitstop_backup_rpo_seconds',
  'pitstop_backup_size_bytes', 'pitstop_backup_duration_seconds', 'pitstop_backup_verified',
  'pitstop_backup_last_verification_timestamp_seconds', 'pitstop_backups_disk_free_bytes', 'pitstop_target_up',
  'pitstop_run_last_status', 'pitstop_drill_last_rto_seconds', 'pitstop_drill_last_rpo_rows_lost', 'pitstop_drill_last_passed',
];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

let exporter: ChildProcess | undefined;
afterAll(() => {
  exporter?.kill('SIGTERM');
});

/** Starts node_exporter and resolves once it logs that it listens (its readiness line on stderr). */
function startExporter(args: string[]): Promise<void> {
  exporter = spawn('prometheus-node-exporter', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`node_exporter did not listen within 20 s:\n${log}`)), 20_000);
    exporter!.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/Listening on/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    exporter!.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node_exporter exited ${code}:\n${log}`));
    });
  });
}

describe('the metrics file, read by a real node_exporter', () => {
  it('is scraped without error and serves every metric of §9 with its labels', async () => {
    const sandbox = makeSandbox();
    writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), ['targets:', '  shop:', '    engine: libsql', `    url: file:${join(sandbox.cwd, 'shop.db')}`, `    backups: ${join(sandbox.cwd, 'backups')}`, ''].join('\n'));
    const { createClient } = await import('@libsql/client');
    const db = createClient({ url: `file:${join(sandbox.cwd, 'shop.db')}` });
    await db.executeMultiple("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items (name) VALUES ('a');");
    db.close();
    expect((await pitstop(sandbox, ['run', 'libsql-backup', '--plain', '--yes'])).exitCode).toBe(0);
    const drill = await pitstop(sandbox, ['drill', 'libsql-accidental-deletion', '--auto', '--plain']);
    expect([0, 1]).toContain(drill.exitCode);

    const dir = join(sandbox.cwd, 'textfile');
    mkdirSync(dir);
    const file = join(dir, 'pitstop.prom');
    const status = await pitstop(sandbox, ['status', '--metrics-file', file]);
    expect(status.exitCode, status.stdout + status.stderr).toBe(0);
    const own = parsePromText(readFileSync(file, 'utf8'));
    for (const name of SPEC_METRICS) expect(own.types[name], name).toBe('gauge');

    const port = await freePort();
    await startExporter(['--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`, `--web.listen-address=127.0.0.1:${port}`]);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const served = parsePromText(await res.text());
    const sample = (name: string, labels: Record<string, string> = {}) =>
      served.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(sample('node_textfile_scrape_error')?.value).toBe(0);
    for (const name of SPEC_METRICS) expect(sample(name), name).toBeDefined();
    expect(sample('pitstop_backup_verified', { target: 'shop', kind: 'snapshot' })?.value).toBe(1);
    expect(sample('pitstop_target_up', { target: 'shop' })?.value).toBe(1);
    expect(sample('pitstop_backup_age_seconds', { target: 'shop', kind: 'snapshot' })?.value).toBeGreaterThanOrEqual(0);
    expect(sample('pitstop_run_last_status', { target: 'shop', runbook: 'libsql-backup' })?.value).toBe(0);
    expect(sample('pitstop_drill_last_passed', { runbook: 'libsql-accidental-deletion' })?.value).toBe(drill.exitCode === 0 ? 1 : 0);
    expect(sample('pitstop_drill_last_rto_seconds', { runbook: 'libsql-accidental-deletion' })?.value).toBeGreaterThan(0);
  }, 180_000);
});
