import { cycleMessage, unknownConditionMessage } from './conditions.js';
import { didYouMean, record, str, type Problems } from './lint-problems.js';
import { checkRefPath, type RefScope } from './lint-refs.js';
import { KEYWORDS, parseWhen, REF_ROOTS, whenNames, whenRefs, WhenSyntaxError } from './when-parse.js';

/** A reference somewhere in a condition or in the conditions it uses. */
export type ConditionRef = { path: string[] };

/** Names and references written directly in one condition, when it parses. */
interface Parsed {
  names: { name: string; offset: number }[];
  refs: { path: string[]; offset: number }[];
}

/**
 * The runbook's `conditions:`: each name usable (not a word of the language nor a reference
 * root), each expression parsed with its references checked as if at the end of the runbook,
 * names it uses defined, no condition using itself, none unused (a warning). Returns, for each condition that is sound,
 * every reference it reaches through the conditions it uses: a step's `when:` checks those
 * against its own place in the runbook.
 */
export function checkConditions(value: unknown, steps: unknown[], scope: RefScope, problems: Problems): Map<string, ConditionRef[]> {
  const texts = Object.entries(record(value) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  const names = texts.map(([name]) => name);
  const parsed = new Map<string, Parsed>();
  const broken = new Set<string>();
  for (const [name, text] of texts) {
    if (!usableName(name, problems)) broken.add(name);
    try {
      const ast = parseWhen(text);
      parsed.set(name, { names: whenNames(ast), refs: whenRefs(ast) });
    } catch (error) {
      if (!(error instanceof WhenSyntaxError)) throw error;
      problems.atChar(['conditions', name], error.offset, 1, `condition ${name}: ${error.message}`);
      broken.add(name);
    }
  }
  const end = scope.stepIds.length;
  for (const [name, { names: used, refs }] of parsed) {
    const at = ['conditions', name];
    for (const ref of refs) {
      const why = checkRefPath(ref.path, scope, end);
      if (why) problems.atChar(at, ref.offset, ref.path.join('.').length, `condition ${name}: ${why}`);
      if (why) broken.add(name);
    }
    for (const use of used) {
      if (!parsed.has(use.name) && !names.includes(use.name)) {
        problems.atChar(at, use.offset, use.name.length, `condition ${name}: ${unknownConditionMessage(use.name, names)}${didYouMean(use.name, names)}`);
        broken.add(name);
        continue;
      }
      const back = pathBetween(use.name, name, parsed);
      if (back) {
        problems.atChar(at, use.offset, use.name.length, cycleMessage([name, ...back]));
        broken.add(name);
      }
    }
  }
  warnUnused(names, parsed, steps, problems);
  return reachableRefs(parsed, broken);
}

/** A condition no `when:` and no other condition uses is likely a typo'd or forgotten one. */
function warnUnused(names: string[], parsed: Map<string, Parsed>, steps: unknown[], problems: Problems): void {
  const used = new Set<string>();
  for (const p of parsed.values()) for (const u of p.names) used.add(u.name);
  for (const step of steps) {
    const when = str(record(step)?.when);
    if (when === undefined) continue;
    try {
      for (const u of whenNames(parseWhen(when))) used.add(u.name);
    } catch {
      // A when that does not parse is reported where it is written.
    }
  }
  for (const name of names) {
    if (!used.has(name)) problems.atKey(['conditions'], name, `condition ${name} is not used by any step's when: (nor by another condition)`, 'warning');
  }
}

function usableName(name: string, problems: Problems): boolean {
  if (KEYWORDS.has(name)) {
    problems.atKey(['conditions'], name, `condition name "${name}" is a word of the condition language (${[...KEYWORDS].join(', ')}): choose another name`);
    return false;
  }
  if (REF_ROOTS.has(name)) {
    problems.atKey(['conditions'], name, `condition name "${name}" starts references (${[...REF_ROOTS].join(', ')}): choose another name`);
    return false;
  }
  return true;
}

/** The shortest chain of condition names from `from` to `to` (both included), or null. */
function pathBetween(from: string, to: string, parsed: Map<string, Parsed>): string[] | null {
  const queue: string[][] = [[from]];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const last = chain[chain.length - 1]!;
    if (last === to) return chain;
    for (const next of parsed.get(last)?.names ?? []) {
      if (seen.has(next.name)) continue;
      seen.add(next.name);
      queue.push([...chain, next.name]);
    }
  }
  return null;
}

/** For each sound condition, every reference it reaches (a condition using a broken one is left out: that one is reported). */
function reachableRefs(parsed: Map<string, Parsed>, broken: Set<string>): Map<string, ConditionRef[]> {
  const out = new Map<string, ConditionRef[]>();
  for (const name of parsed.keys()) {
    const seen = new Set<string>();
    const refs: ConditionRef[] = [];
    let sound = true;
    const visit = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      const p = parsed.get(n);
      if (!p || broken.has(n)) {
        sound = false;
        return;
      }
      refs.push(...p.refs.map((r) => ({ path: r.path })));
      for (const u of p.names) visit(u.name);
    };
    visit(name);
    if (sound) out.set(name, refs);
  }
  return out;
}
