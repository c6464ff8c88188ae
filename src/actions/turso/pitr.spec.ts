import { z } from 'zod';
import { toUtcZ } from '../common/utc.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** RFC 3339 with an offset; passed to Turso in UTC. */
    timestamp: z.string().min(1),
    /** The source database; default: the target's `turso.database`. */
    database: z.string().min(1).optional(),
    /** The new database's name; default: `<database>-r<UTC stamp of the timestamp>`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63').optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;
/** `shop-db-r20241214140000`: within Turso's name rules, traceable to the point in time. */
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
export const tursoPitrSpec: ActionSpec<Args> = {
  name: 'turso.pitr',
  engine: 'libsql',
  summary: 'Turso point-in-time recovery into a new database (turso db create --from-db --timestamp)',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: false,
  touches: (args) => `a new Turso database${args.name ? ` ${args.name}` : ''} (the source database is not written)`,
  describe(args, target) {
    const db = args.database ?? target.turso?.database ?? '<turso.database>';
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
};
