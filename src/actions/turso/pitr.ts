import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import { toUtcZ } from '../common/utc.js';
import type { ActionDefinition } from '../types.js';
import { lastLine, runTurso, SLOW_MS, tursoDatabase } from './cli.js';

const Args = z
  .object({
    /** RFC 3339 with an offset; passed to Turso in UTC. */
    timestamp: z.string().min(1),
    /** The source database; default: the target's `turso.database`. */
    database: z.string().min(1).optional(),
    /** The new database's name; default: `<database>-r<UTC stamp of the timestamp>`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63').optional(),
  })
  .strict();
type Args = z.infer<typeof Args>;

/** `tickets-db-r20241214140000`: within Turso's name rules, traceable to the point in time. */
export function pitrName(database: string, utc: string): string {
  const suffix = `-r${utc.replace(/\.\d+Z$/, 'Z').replace(/[-:TZ]/g, '')}`;
  return `${database.toLowerCase().slice(0, 63 - suffix.length)}${suffix}`;
}

/**
 * `turso.pitr`: Turso point-in-time recovery always makes a NEW database
 * (`turso db create NEW --from-db DB --timestamp T`); production is not touched. Then the
 * new database's URL and a token for it. The token is a secret: it goes to the runner as
 * `restored.authToken` (so `on: restored` steps and copy-rows can use it) and never into
 * outputs or the log.
 */
export const tursoPitrAction: ActionDefinition<Args> = {
  name: 'turso.pitr',
  engine: 'libsql',
  summary: 'Turso point-in-time recovery into a new database (turso db create --from-db --timestamp)',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: false,
  describe(args, target) {
    const db = args.database ?? (target['turso'] as { database?: string } | undefined)?.database ?? '<turso.database>';
    let at: string;
    try {
      at = toUtcZ(args.timestamp);
    } catch {
      at = args.timestamp;
    }
    const name = args.name ?? pitrName(db, at);
    return [
      `turso db create ${name} --from-db ${db} --timestamp ${at}`,
      `turso db show ${name} --url`,
      `turso db tokens create ${name}   (token kept secret)`,
    ];
  },
  async run(args, ctx) {
    const at = toUtcZ(args.timestamp);
    const db = tursoDatabase(ctx, args.database);
    const name = args.name ?? pitrName(db, at);
    ctx.log(`turso db create ${name} --from-db ${db} --timestamp ${at}`);
    await runTurso(ctx, ['db', 'create', name, '--from-db', db, '--timestamp', at], SLOW_MS);
    const url = lastLine(await runTurso(ctx, ['db', 'show', name, '--url']));
    if (!/^(libsql|https?|wss?|file):/.test(url)) {
      throw new PitstopError(`turso db show ${name} --url printed no URL`, { hint: `Run it by hand; the new database ${name} exists.` });
    }
    const token = lastLine(await runTurso(ctx, ['db', 'tokens', 'create', name], undefined, true));
    if (token === '') throw new PitstopError(`turso db tokens create ${name} printed no token`, { hint: 'Run it by hand and check your Turso login.' });
    ctx.log(`new database ${name} at ${url}; token created (kept secret)`);
    ctx.log('Turso PITR may miss up to ~15 s before the timestamp; the application must be repointed to use this database.');
    return {
      outputs: { database: name, url, from_database: db, timestamp: at, requested_timestamp: args.timestamp },
      evidence: [{ label: 'point-in-time copy created', expected: `a new database at ${at}`, actual: name, pass: true }],
      restored: { engine: 'libsql', url, authToken: token },
    };
  },
};
