import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

describe('pitstop drill pg-accidental-deletion without the PostgreSQL server', () => {
  it('refuses to start (exit 2) with the install hint, before building anything', async () => {
    const s = makeSandbox();
    // A PATH with no pg_config at all, then one whose pg_config names a client-only bin directory.
    const empty = join(s.cwd, 'empty-path');
    mkdirSync(empty);
    const none = await pitstop(s, ['drill', 'pg-accidental-deletion', '--auto', '--plain'], { env: { PATH: empty } });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/the drill of pg-accidental-deletion needs the PostgreSQL server binaries \(initdb, pg_ctl, postgres\)[\s\S]*pg_config is not on PATH[\s\S]*Install the PostgreSQL server package/);

    const clientOnly = join(s.cwd, 'client-only');
    mkdirSync(join(clientOnly, 'bin'), { recursive: true });
    writeFileSync(join(clientOnly, 'bin', 'psql'), '', { mode: 0o755 });
    writeFileSync(join(clientOnly, 'pg_config'), `#!/bin/sh\necho '${join(clientOnly, 'bin')}'\n`, { mode: 0o755 });
    const client = await pitstop(s, ['drill', 'pg-accidental-deletion', '--auto', '--plain'], { env: { PATH: `${clientOnly}:/usr/bin:/bin` } });
    expect(client.exitCode).toBe(2);
    expect(client.stderr).toMatch(/no initdb\/pg_ctl\/postgres in [\s\S]*not only the client/);

    expect(existsSync(join(s.home, 'drills'))).toBe(false);
    expect(none.stderr + client.stderr).not.toMatch(/\n\s+at /);
  });
});
