import type { Evidence, Outputs } from '../../engine/types.js';
import type { ActionDefinition } from '../types.js';
import { openTarget, withClient } from './client.js';
import { CopyPlanArgs, copyPlanSpec } from './copy-plan.spec.js';
import { describePlan, planFamily, tableList } from './family.js';
import { describeMatch } from './match-key.js';
import { clientQuery } from './table-info.js';

/** `libsql.copy-plan`: see `copyPlanSpec`. */
export const copyPlanAction: ActionDefinition<CopyPlanArgs> = {
  ...copyPlanSpec,
  async run(args, ctx) {
    const plan = await withClient(openTarget(ctx.target), (client) =>
      planFamily(clientQuery(client), { table: args.table, also: tableList(args.also), cascade: args.cascade }),
    );
    for (const line of describePlan(plan)) ctx.log(line);
    const named = plan.tables.find((t) => t.role === 'named')!;
    const outputs: Outputs = {
      table: args.table,
      strategy: named.match.strategy,
      key_columns: named.match.columns,
      summary: describeMatch(named.match),
      tables: plan.tables.map((t) => t.table).join(','),
      children: plan.children.join(','),
    };
    for (const t of plan.tables) outputs[`strategy_${t.table}`] = t.match.strategy;
    const evidence: Evidence[] = plan.tables.map((t) => ({
      label: `rows of ${t.table}${t.role === 'cascade' ? ' (ON DELETE CASCADE)' : t.role === 'also' ? ' (also)' : ''} will be matched`,
      expected: 'a key, or all columns as a multiset',
      actual: describeMatch(t.match),
      pass: true,
    }));
    return { outputs, evidence };
  },
};
