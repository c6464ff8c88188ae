import { argvFindings, type CommandFinding } from './lint-destructive-argv.js';
import { destructiveSql, writingSql } from './lint-destructive-sql.js';
import { record, str, type Problems } from './lint-problems.js';
import type { YamlPath } from './positions.js';

/** One thing a step does that matters here, placed at its characters in the runbook. */
interface Finding {
  path: YamlPath;
  at: number;
  length: number;
  what: string;
  unknown?: boolean;
  writesOnly?: boolean;
}

function fromCommand(i: number, f: CommandFinding): Finding {
  return {
    path: ['steps', i, 'argv', f.word.arg],
    at: f.word.at,
    length: f.word.length,
    what: f.what,
    ...(f.unknown ? { unknown: true } : {}),
    ...(f.writesOnly ? { writesOnly: true } : {}),
  };
}

function findings(step: Record<string, unknown>, i: number, readOnlyKind: boolean): Finding[] {
  const found: Finding[] = [];
  if (Array.isArray(step.argv) && step.argv.every((a) => typeof a === 'string')) {
    found.push(...argvFindings(step.argv as string[]).map((f) => fromCommand(i, f)));
  }
  const query = str(step.query);
  if (query !== undefined) {
    const path = ['steps', i, 'query'];
    const destroying = destructiveSql(query).map((f) => ({ path, at: f.index, length: f.length, what: f.what }));
    found.push(...destroying);
    const write = readOnlyKind && destroying.length === 0 ? writingSql(query) : null;
    if (write) found.push({ path, at: write.index, length: write.length, what: `${write.what} writes`, writesOnly: true });
  }
  return found;
}

const OVERRIDE = 'destructive: false with a reason: saying why it is safe here';

/**
 * Item 7 of the lint: destructive is not only a label. A command or query that destroys
 * (see `destructiveSql` and `commandFindings`) needs `destructive: true`, which brings a typed
 * gate, or `destructive: false` with a `reason:`. A command whose program is chosen by a
 * template must say which. A check or a wait only looks: it may not destroy or write at all,
 * and no override changes that.
 */
export function checkDestructive(step: Record<string, unknown>, i: number, problems: Problems): void {
  const kind = step.kind;
  if (kind !== 'command' && kind !== 'sql' && kind !== 'check' && kind !== 'wait') return;
  const readOnlyKind = kind === 'check' || kind === 'wait';
  const found = findings(step, i, readOnlyKind);
  if (readOnlyKind) {
    for (const f of found) {
      const stepKind = f.path[2] === 'query' ? 'sql' : 'command';
      const instead = f.unknown
        ? `${f.what} and pitstop cannot tell what it does: write the program out, or use a command step`
        : f.writesOnly
          ? `${f.what}: do this in a ${stepKind} step${stepKind === 'sql' ? ' with read_only: false' : ''}`
          : `${f.what}: do this in a ${stepKind} step marked destructive: true (with a typed gate)`;
      problems.atChar(f.path, f.at, f.length, `a ${kind} step only looks, and ${instead}`);
    }
    return;
  }
  const needed = found.filter((f) => !f.writesOnly);
  if (needed.length === 0 || step.destructive === true) return;
  if (step.destructive === false) {
    const reason = str(step.reason)?.trim();
    if (!reason) problems.atKey(['steps', i], 'destructive', `destructive: false needs a reason: this step ${needed[0]!.unknown ? 'runs a program chosen at run time' : needed[0]!.what}; say why it is safe here (reason: ...)`);
    return;
  }
  for (const f of needed) {
    const message = f.unknown
      ? `${f.what}: pitstop cannot tell whether it destroys anything; say which: destructive: true (with a typed gate), or ${OVERRIDE}`
      : `${f.what}: mark the step destructive: true (it then needs a typed gate: gate: { type: typed, phrase: ... }), or ${OVERRIDE}`;
    problems.atChar(f.path, f.at, f.length, message);
  }
}

/** `reason:` explains a `destructive:` answer; alone it means nothing. */
export function checkReason(step: Record<string, unknown>, i: number, problems: Problems): void {
  if (record(step) && step.reason !== undefined && step.destructive === undefined) {
    problems.atKey(['steps', i], 'reason', 'reason: explains destructive: true or false; add destructive: or remove the reason', 'warning');
  }
}
