import { TemplateError } from './template.js';
import { parseWhen, whenNames } from './when-parse.js';

/** A runbook's named conditions (`conditions: { restored: EXPR }`), used by name in `when:`. */
export type Conditions = Readonly<Record<string, string>>;

/** The expression a condition name stands for. Throws TemplateError for a name that is not a condition. */
export function conditionText(name: string, conditions: Conditions): string {
  if (Object.hasOwn(conditions, name)) return conditions[name]!;
  const names = Object.keys(conditions);
  throw new TemplateError(unknownConditionMessage(name, names));
}

/** Why a bare name in a condition is not one of the runbook's conditions. */
export function unknownConditionMessage(name: string, names: string[]): string {
  if (names.length > 0) return `${name} is not a condition: conditions are ${names.join(', ')}`;
  return `${name} is not a condition: this runbook has no conditions (define it under conditions:, or write a reference like params.X or steps.ID.outputs.X)`;
}

/** `condition a uses itself: a → b → a`, for a chain of names whose last one repeats an earlier one. */
export function cycleMessage(chain: string[]): string {
  const last = chain[chain.length - 1]!;
  const loop = chain.slice(chain.indexOf(last));
  return `condition ${last} uses itself: ${loop.join(' → ')}`;
}

/**
 * The conditions an expression uses, directly or through other conditions, each once, in the
 * order they are met: what dry runs and skip reasons show next to a `when:`. Names that are
 * not conditions, and expressions that do not parse, are left out (lint reports them).
 */
export function conditionsUsed(expr: string, conditions: Conditions): { name: string; expr: string }[] {
  const used: { name: string; expr: string }[] = [];
  const visit = (text: string): void => {
    let names;
    try {
      names = whenNames(parseWhen(text));
    } catch {
      return;
    }
    for (const { name } of names) {
      if (!Object.hasOwn(conditions, name) || used.some((u) => u.name === name)) continue;
      used.push({ name, expr: conditions[name]! });
      visit(conditions[name]!);
    }
  };
  visit(expr);
  return used;
}

/** A `when:` as a person reads it: the expression, then what each condition it names stands for. */
export function explainWhen(expr: string, conditions: Conditions = {}): string {
  const used = conditionsUsed(expr, conditions);
  return used.length === 0 ? expr : `${expr} (${used.map((u) => `${u.name} = ${u.expr}`).join('; ')})`;
}
