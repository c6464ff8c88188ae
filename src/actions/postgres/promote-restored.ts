import { resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { requireRestoredCopy } from './restore-layout.js';
import { awaitPromotion } from './recovery-watch.js';
import type { ActionDefinition } from '../types.js';
import { Args, promoteRestoredSpec } from './promote-restored.spec.js';

/**
 * `postgres.promote-restored`: ends the recovery of a copy paused at its target
 * (`postgres.pitr` with `promote: false`) with `pg_wal_replay_resume()`, and waits until it
 * is out of recovery. Nothing more is replayed: a copy paused at its target promotes there.
 * Only a copy pitstop restored (its marker) is touched.
 */
export const promoteRestoredAction: ActionDefinition<Args> = {
  ...promoteRestoredSpec,
  async run(args, ctx) {
    const copy = requireRestoredCopy(resolve(args.data_dir));
    if (!copy.url) throw new ActionError(`the marker of ${copy.data_dir} has no address`, { hint: 'It was restored by an older pitstop: promote it with pg_ctl promote.' });
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: copy.url, connectionTimeoutMillis: 5000 });
    await client.connect();
    let timeline: number;
    try {
      const { rows } = await client.query<{ r: boolean; p: string | null }>(
        'SELECT pg_is_in_recovery() AS r, CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() END AS p',
      );
      if (rows[0]!.r) {
        if (rows[0]!.p !== 'paused') throw new ActionError(`the copy in ${copy.data_dir} is still replaying, not paused at its target`, { hint: 'Wait for the postgres.pitr step to finish.' });
        await client.query('SELECT pg_wal_replay_resume()');
        await awaitPromotion(copy.url, args.timeout * 1000, ctx.signal);
        ctx.log(`the copy in ${copy.data_dir} left recovery`);
      } else {
        ctx.log(`the copy in ${copy.data_dir} was already promoted`);
      }
      const { rows: t } = await client.query<{ tli: string }>('SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) AS tli');
      timeline = parseInt(t[0]!.tli, 16);
    } finally {
      await client.end().catch(() => undefined);
    }
    return {
      outputs: { data_dir: copy.data_dir, timeline, promoted: true },
      evidence: [{ label: 'restored copy promoted', expected: 'pg_is_in_recovery() = false', actual: `promoted, timeline ${timeline}`, pass: true }],
    };
  },
};
