import { ActionError } from '../../errors.js';
import { toUtcZ } from '../common/utc.js';
import { lastLine, runTurso, SLOW_MS, tursoDatabase } from './cli.js';
import type { ActionDefinition } from '../types.js';
import { Args, pitrName, tursoPitrSpec } from './pitr.spec.js';

export { pitrName } from './pitr.spec.js';

/**
 * `turso.pitr`: Turso point-in-time recovery always makes a NEW database
 * (`turso db create NEW --from-db DB --timestamp T`); production is not touched. Then the
 * new database's URL and a token for it. The token is a secret: it goes to the runner as
 * `restored.authToken` (so `on: restored` steps and copy-rows can use it) and never into
 * outputs or the log.
 */
export const tursoPitrAction: ActionDefinition<Args> = {
  ...tursoPitrSpec,
  async run(args, ctx) {
    const at = toUtcZ(args.timestamp);
    const db = tursoDatabase(ctx, args.database);
    const name = args.name ?? pitrName(db, at);
    ctx.log(`turso db create ${name} --from-db ${db} --timestamp ${at}`);
    await runTurso(ctx, ['db', 'create', name, '--from-db', db, '--timestamp', at], SLOW_MS);
    const url = lastLine(await runTurso(ctx, ['db', 'show', name, '--url']));
    if (!/^(libsql|https?|wss?|file):/.test(url)) {
      throw new ActionError(`turso db show ${name} --url printed no URL`, { hint: `Run it by hand; the new database ${name} exists.` });
    }
    const token = lastLine(await runTurso(ctx, ['db', 'tokens', 'create', name], undefined, true));
    if (token === '') throw new ActionError(`turso db tokens create ${name} printed no token`, { hint: 'Run it by hand and check your Turso login.' });
    ctx.log(`new database ${name} at ${url}; token created (kept secret)`);
    ctx.log('Turso PITR may miss up to ~15 s before the timestamp; the application must be repointed to use this database.');
    return {
      outputs: { database: name, url, from_database: db, timestamp: at, requested_timestamp: args.timestamp },
      evidence: [{ label: 'point-in-time copy created', expected: `a new database at ${at}`, actual: name, pass: true }],
      restored: { engine: 'libsql', url, authToken: token },
    };
  },
};
