import type { Evidence, Outputs } from '../../engine/types.js';
import type { ActionDefinition } from '../types.js';
import { describeStrategy } from './copy-rows-key.js';
import { describePlanned, planCopyFamily, tableList, type PlannedTable } from './copy-family.js';
import { Args, copyPlanSpec } from './copy-plan.spec.js';
import { outputKey } from './validate-tables.js';

/** `postgres.copy-plan`: see its spec. Reads production's catalog only. */
export const copyPlanAction: ActionDefinition<Args> = {
  ...copyPlanSpec,
  async run(args, ctx) {
    const plan = await planCopyFamily(ctx, args.table, { also: tableList(args.also), cascade: args.cascade });
    const [main] = plan.tables.filter((t) => t.reason === 'named');
    for (const t of plan.tables) ctx.log(describePlanned(t));
    const outputs: Outputs = {
      table: main!.table,
      strategy: main!.key.strategy,
      key_columns: main!.key.columns,
      summary: describeStrategy(main!.key),
      tables: plan.tables.map((t) => t.table).join(', '),
      children: plan.tables.filter((t) => t.reason === 'cascade').map((t) => t.table).join(', '),
    };
    for (const t of plan.tables) outputs[`strategy_${outputKey(t.table)}`] = t.key.strategy;
    return { outputs, evidence: plan.tables.map(evidenceOf) };
  },
};

function evidenceOf(t: PlannedTable): Evidence {
  return {
    label: `${t.table}: how its rows will be matched`,
    expected: 'a key, or whole rows that can be compared',
    actual: describePlanned(t),
    pass: true,
  };
}
