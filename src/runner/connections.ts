import type { ActionOutcome } from '../actions/types.js';
import type { Target } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { createSqlExecutor } from '../executors/sql.js';
import type { SqlExecutor } from '../executors/types.js';
import type { Redactor } from '../util/redact.js';
import type { Connections } from './execute.js';

type Restored = NonNullable<ActionOutcome['restored']>;

/**
 * Lazily opened SQL executors for a run: the target under its own name, other configured
 * targets a step names with `on:`, and the copy an earlier restore made under `restored`. Opened on first use, all closed at the end.
 */
export function createConnections(
  target: Target,
  redactor: Redactor,
  others: ReadonlyMap<string, Target> = new Map(),
): Connections {
  const open = new Map<string, SqlExecutor>();
  let restored: Restored | undefined;

  return {
    async sql(on) {
      const existing = open.get(on);
      if (existing) return existing;
      let executor: SqlExecutor;
      if (on === target.name) {
        executor = await createSqlExecutor(target, redactor);
      } else if (on === 'restored') {
        if (!restored) {
          throw new UsageError('no restored copy exists yet in this run', {
            hint: 'A step with `on: restored` must come after a restore action (postgres.pitr, libsql.restore-snapshot, …).',
          });
        }
        executor = await createSqlExecutor(
          { engine: restored.engine, url: restored.url, ...(restored.authToken ? { auth_token: restored.authToken } : {}) },
          redactor,
        );
      } else if (others.has(on)) {
        executor = await createSqlExecutor(others.get(on)!, redactor);
      } else {
        throw new UsageError(`a step asks for database "${on}", which is neither this run's target (${target.name}) nor a target in pitstop.yaml`, {
          hint: `Use on: ${target.name}, on: restored, or add "${on}" to pitstop.yaml.`,
        });
      }
      open.set(on, executor);
      return executor;
    },
    registerRestored(copy) {
      const previous = open.get('restored');
      open.delete('restored');
      void previous?.close();
      restored = copy;
    },
    async close() {
      await Promise.allSettled([...open.values()].map((e) => e.close()));
      open.clear();
    },
  };
}
