import { resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { parseDuration } from '../../util/duration.js';
import type { ActionDefinition } from '../types.js';
import { latestVerifiedDump } from './latest-dump.js';
import { databaseOf } from './libpq.js';
import { restoreDump } from './restore-run.js';
import { withPlainDump } from './plain-dump.js';
import { type AnyArgs, restoreSpec } from './restore.spec.js';

function makeRestore(intoTarget: boolean): ActionDefinition<AnyArgs> {
  return {
    ...restoreSpec(intoTarget),
    async run(args, ctx) {
      const started = Date.now();
      const production = databaseOf(ctx.target.url);
      const database = intoTarget ? production : args.database!;
      if (!intoTarget && database === production) {
        throw new ActionError(`postgres.restore will not write into ${database}: that is the ${ctx.target.name} database itself`, {
          hint: 'Restore into another database name (e.g. a scratch copy), or use postgres.restore-into-target, which asks for a typed confirmation.',
        });
      }
      const encryptedOk = Boolean(args.passphrase || args.passphrase_env);
      const maxAge = args.max_age ? { text: args.max_age, ms: parseDuration(args.max_age), now: new Date() } : undefined;
      const path = resolve(args.path ?? (await latestVerifiedDump(ctx.target, args.label, { encrypted: encryptedOk, ...(maxAge ? { maxAge } : {}) })));
      const { check, plan, ext, destUrl } = await withPlainDump(ctx, path, args, (plain) => restoreDump(ctx, { plain, path, database, intoTarget, args }));
      const durationMs = Date.now() - started;
      const restoredEntries = plan ? plan.kept.length : check.entries.length;
      ctx.log(`restored ${restoredEntries} entries of ${path} into ${database} in ${durationMs} ms`);
      return {
        outputs: {
          path,
          database,
          selective: plan?.selective ?? false,
          tables: plan ? plan.kept.filter((e) => e.type === 'TABLE').map((e) => `${e.schema}.${e.tag}`) : check.entries.filter((e) => e.type === 'TABLE').map((e) => `${e.schema}.${e.tag}`),
          entries_restored: restoredEntries,
          dropped_foreign_keys: plan?.droppedForeignKeys ?? [],
          extensions_created: ext.created,
          duration_ms: durationMs,
        },
        evidence: [{ label: `${path} verified before restoring`, expected: 'sha256 (if recorded), TOC and every data block read', actual: 'ok', pass: true }],
        restored: { engine: 'postgres', url: destUrl },
      };
    },
  };
}

/** `postgres.restore`: into another database than the target's (a scratch or side copy). Not destructive. */
export const restoreAction = makeRestore(false);
/** `postgres.restore-into-target`: over the target's own database. Destructive: typed gate. */
export const restoreIntoTargetAction = makeRestore(true);
