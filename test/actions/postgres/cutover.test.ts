import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cutoverAction } from '../../../src/actions/postgres/cutover.js';
import { RESTORE_MARKER } from '../../../src/actions/postgres/restore-layout.js';
import { stopRestoredAction } from '../../../src/actions/postgres/stop-restored.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { makePgContext, pgTarget, runAction, type PgTestContext } from './server-helpers.js';

const PASSWORD = 'S3cret-app-Passw0rd';
let oldDb: Cluster;
let newDb: Cluster;
let dir: string;
const contexts: PgTestContext[] = [];

beforeAll(async () => {
  [oldDb, newDb] = await Promise.all([startCluster({ archive: false }), startCluster({ archive: false })]);
  dir = mkdtempSync(join(tmpdir(), 'pitstop-cutover-'));
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await Promise.all([oldDb?.destroy(), newDb?.destroy()]);
  rmSync(dir, { recursive: true, force: true });
});

/** The app's env file: its own credentials, on the old server's socket. */
function envFile(name: string): string {
  const file = join(dir, name);
  const url = `postgresql://postgres:${PASSWORD}@/postgres?host=${oldDb.socketDir}&port=${oldDb.port}`;
  writeFileSync(file, `# orquix backend\nexport DATABASE_URL="${url}"\nREDIS_URL=redis://localhost:6379\n`, { mode: 0o640 });
  return file;
}

/** A target whose app commands append their name to a file, so the order can be read back. */
function context(calls: string, health: string[] = ['true']): PgTestContext {
  const record = (what: string): string[] => ['sh', '-c', `echo ${what} >> "$0"`, calls];
  const ctx = makePgContext(
    pgTarget(oldDb.url(), { secrets: [PASSWORD], app: { stop: record('stop'), migrate: record('migrate'), start: record('start'), health } }),
  );
  contexts.push(ctx);
  return ctx;
}

describe('postgres.cutover', () => {
  it('repoints the env file to the restored server atomically, keeps the old file, runs the app steps in order, prints no secret', async () => {
    const file = envFile('backend.env');
    const before = readFileSync(file, 'utf8');
    const inode = statSync(file).ino;
    const calls = join(dir, 'calls-1');
    const ctx = context(calls);
    const { outputs, evidence } = await runAction(cutoverAction, { env_file: file, host: newDb.socketDir, port: newDb.port }, ctx);

    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace(`host=${oldDb.socketDir}&port=${oldDb.port}`, `host=${newDb.socketDir}&port=${newDb.port}`));
    expect(after).toContain(PASSWORD); // the app keeps its own credentials
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).ino).not.toBe(inode); // a new file renamed over the old one, not rewritten in place
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    expect(statSync(`${file}.bak`).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.includes('pitstop-'))).toEqual([]); // no temp file left behind
    expect(readFileSync(calls, 'utf8').split('\n').filter(Boolean)).toEqual(['stop', 'migrate', 'start']);

    expect(outputs['backup']).toBe(`${file}.bak`);
    expect(outputs['new_url']).toBe(`postgresql://postgres:***@/postgres?host=${newDb.socketDir}&port=${newDb.port}`);
    expect(evidence?.every((e) => e.pass)).toBe(true);
    expect(evidence?.find((e) => e.label.startsWith('WAL archiving'))?.actual).toMatch(/^off/);
    const shown = JSON.stringify({ outputs, evidence, logged: ctx.logged, describe: cutoverAction.describe(cutoverAction.args.parse({ env_file: file, port: 1 }), ctx.target as never) });
    expect(shown).not.toContain(PASSWORD);
  });

  it('an env file that is a symbolic link: the file it points at is replaced, the link stays', async () => {
    const real = envFile('real.env');
    mkdirSync(join(dir, 'etc'));
    const link = join(dir, 'etc', 'backend.env');
    symlinkSync(real, link);
    const ctx = context(join(dir, 'c-link'));
    await runAction(cutoverAction, { env_file: link, host: newDb.socketDir, port: newDb.port, app: false }, ctx);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(link, 'utf8')).toContain(`port=${newDb.port}`);
    expect(readFileSync(`${real}.bak`, 'utf8')).toContain(`port=${oldDb.port}`);
    expect(ctx.logged.join('\n')).toMatch(/is a link to .*real\.env.*mode was 0640, now 0600/s);
  });

  it('retires the restore marker of the copy it makes production, so stop-restored can no longer stop it', async () => {
    const marker = join(newDb.baseDir, RESTORE_MARKER);
    writeFileSync(marker, JSON.stringify({ data_dir: newDb.dataDir, port: newDb.port }));
    const ctx = context(join(dir, 'calls-marker'));
    await runAction(cutoverAction, { env_file: envFile('marker.env'), host: newDb.socketDir, port: newDb.port }, ctx);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(newDb.baseDir).some((f) => f.startsWith(`${RESTORE_MARKER}.cut-over-`))).toBe(true);
    expect(ctx.logged.join('\n')).toMatch(/the copy is production now/);
    await expect(stopRestoredAction.run({ data_dir: newDb.dataDir, remove: true }, ctx)).rejects.toThrow(/not a copy restored by pitstop/);
    expect(existsSync(newDb.dataDir)).toBe(true);
  });

  it('a second switch keeps the first .bak and adds a time-stamped one', async () => {
    const file = envFile('twice.env');
    await runAction(cutoverAction, { env_file: file, port: newDb.port, host: newDb.socketDir, app: false }, context(join(dir, 'c2')));
    const first = readFileSync(`${file}.bak`, 'utf8');
    await runAction(cutoverAction, { env_file: file, host: oldDb.socketDir, port: oldDb.port, app: false }, context(join(dir, 'c3')));
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(first);
    expect(readdirSync(dir).filter((f) => f.startsWith('twice.env.bak-'))).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(first);
  });

  it('app_stop: false leaves app.stop to the runbook (stopped in its own step): migrate, start, health only', async () => {
    const file = envFile('stopped-before.env');
    const calls = join(dir, 'calls-no-stop');
    const { outputs } = await runAction(cutoverAction, { env_file: file, host: newDb.socketDir, port: newDb.port, app_stop: false }, context(calls));
    expect(readFileSync(calls, 'utf8').split('\n').filter(Boolean)).toEqual(['migrate', 'start']);
    expect(outputs['app_steps']).toEqual(['migrate', 'start', 'health']);
    expect(cutoverAction.describe(cutoverAction.args.parse({ env_file: file, port: 1, app_stop: false }), context(calls).target as never).join('\n')).not.toContain('app.stop');
  });

  it('a server still in recovery is refused and nothing changes (no app stop, no file written)', async () => {
    const standby = await startCluster({ archive: false });
    try {
      await standby.stop();
      writeFileSync(join(standby.dataDir, 'standby.signal'), '');
      await standby.start();
      const file = envFile('standby.env');
      const before = readFileSync(file, 'utf8');
      const calls = join(dir, 'calls-standby');
      await expect(runAction(cutoverAction, { env_file: file, host: standby.socketDir, port: standby.port }, context(calls))).rejects.toThrow(
        /still in recovery .*nothing was changed/,
      );
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(existsSync(`${file}.bak`)).toBe(false);
      expect(existsSync(calls)).toBe(false);
    } finally {
      await standby.destroy();
    }
  });

  it('an app that stays unhealthy fails the step with the way back, and the secret stays hidden', async () => {
    const file = envFile('unhealthy.env');
    const ctx = context(join(dir, 'c4'), ['sh', '-c', 'exit 7']);
    const error = await runAction(cutoverAction, { env_file: file, host: newDb.socketDir, port: newDb.port, health_attempts: 2 }, ctx).catch((e: Error) => e);
    expect(String(error)).toMatch(/app\.health failed \(exit 7\).*To go back: mv .*unhealthy\.env\.bak .*unhealthy\.env/);
    expect(String(error)).not.toContain(PASSWORD);
  });

  it('refuses url together with host/port, and a file without the variable unless url is given', async () => {
    expect(() => cutoverAction.args.parse({ env_file: 'x', url: 'postgresql://a/b', port: 5 })).toThrow(/either url/);
    const file = join(dir, 'empty.env');
    writeFileSync(file, 'OTHER=1\n');
    await expect(runAction(cutoverAction, { env_file: file, port: newDb.port }, context(join(dir, 'c5')))).rejects.toThrow(/has no DATABASE_URL to repoint/);
  });
});
