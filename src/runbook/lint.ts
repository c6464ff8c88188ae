import { lintConfigSource } from './lint-config.js';
import { filesToLint, isTargetsFile, readLintSource } from './lint-files.js';
import { checkDestructive, checkReason } from './lint-destructive.js';
import { Problems, record, sortProblems, type LintProblem } from './lint-problems.js';
import { checkConditions } from './lint-conditions.js';
import { checkExpectExprs } from './lint-expect.js';
import { checkStepRefs, type RefScope } from './lint-refs.js';
import { checkSchema } from './lint-schema.js';
import { checkPlaceholders } from './lint-sql.js';
import { checkActionAndGate, checkIds, checkInputShadowing, checkParamSpecs, checkProbe, checkSkipReason, stepIds } from './lint-steps.js';
import { parseYaml, posAt, toData, type ParsedYaml } from './positions.js';
import { ENGINES, type Runbook } from './schema.js';

export { formatProblem, type LintProblem } from './lint-problems.js';
export { lintConfigSource } from './lint-config.js';

/** YAML syntax errors (every one, at its own position) and warnings; true when the file parsed. */
function yamlProblems(parsed: ParsedYaml, problems: Problems): boolean {
  for (const e of parsed.doc.errors) {
    let offset = e.pos[0];
    let message = e.message;
    const quote = e.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(e.message)?.[1] : undefined;
    if (quote && parsed.source.lastIndexOf(quote, offset - 1) >= 0) {
      // The parser notices at the end of the file; the operator needs the opening quote.
      offset = parsed.source.lastIndexOf(quote, offset - 1);
      message = `this quoted string is never closed (missing closing ${quote})`;
    } else if (e.code === 'MULTIPLE_DOCS') {
      message = 'a file holds one YAML document: remove the second "---" and what follows, or split the file';
    }
    problems.at(posAt(parsed, offset), `YAML: ${message}`);
  }
  for (const w of parsed.doc.warnings) problems.at(posAt(parsed, w.pos[0]), `YAML: ${w.message}`, 'warning');
  return parsed.doc.errors.length === 0;
}

/** Records every problem; returns the runbook as the schema parsed it, when it did. */
function checkRunbook(parsed: ParsedYaml, problems: Problems): Runbook | undefined {
  if (!yamlProblems(parsed, problems)) return undefined;
  const got = toData(parsed);
  if ('error' in got) {
    problems.at({ line: 1, col: 1 }, `YAML: ${got.error}`);
    return undefined;
  }
  const runbook = checkSchema(got.data, problems);
  const root = record(got.data);
  if (!root) return runbook;
  const steps: unknown[] = Array.isArray(root.steps) ? root.steps : [];
  const engine = ENGINES.find((e) => e === root.engine);
  const runbookParams = new Set(Object.keys(record(root.params) ?? {}));
  const inputs = new Map<string, number>();
  steps.forEach((step, i) => {
    const r = record(step);
    if (r?.kind !== 'input') return;
    for (const name of Object.keys(record(r.params) ?? {})) if (!runbookParams.has(name) && !inputs.has(name)) inputs.set(name, i);
  });
  const scope: RefScope = { params: new Set([...runbookParams, ...inputs.keys()]), stepIds: stepIds(steps), inputs };
  scope.conditions = { names: Object.keys(record(root.conditions) ?? {}), refs: checkConditions(root.conditions, steps, scope, problems) };

  checkParamSpecs(root.params, ['params'], problems);
  checkIds(steps, problems);
  steps.forEach((step, i) => {
    const r = record(step);
    if (!r) return;
    checkProbe(r, i, problems);
    checkSkipReason(r, i, problems);
    checkActionAndGate(r, i, engine, problems);
    checkDestructive(r, i, problems);
    checkReason(r, i, problems);
    checkInputShadowing(r, i, runbookParams, problems);
    if (r.kind === 'input') checkParamSpecs(r.params, ['steps', i, 'params'], problems);
    checkStepRefs(r, i, scope, problems);
    checkExpectExprs(steps, i, scope, problems);
    if (r.kind === 'sql' || r.kind === 'check' || r.kind === 'wait') checkPlaceholders(r, i, engine, problems);
  });
  return runbook;
}

/** Every problem in a runbook's text, in reading order. Never throws. */
export function lintRunbookSource(file: string, source: string): LintProblem[] {
  return lintRunbook(file, source).problems;
}

/**
 * Every problem in a runbook's text, in reading order, and the runbook as the schema parsed
 * it (when it did): a loader needs both, from one parse. Never throws.
 */
export function lintRunbook(file: string, source: string): { problems: LintProblem[]; runbook?: Runbook } {
  const parsed = parseYaml(file, source);
  const problems = new Problems(parsed);
  let runbook: Runbook | undefined;
  try {
    runbook = checkRunbook(parsed, problems);
  } catch (error) {
    problems.at({ line: 1, col: 1 }, `pitstop could not finish checking this file (a bug in pitstop): ${(error as Error).message}`);
  }
  return { problems: sortProblems(problems.list), ...(runbook ? { runbook } : {}) };
}

/** The problems of one file's text: a targets file (by its content, or named pitstop.yaml) as config, anything else as a runbook. */
export function lintFileSource(file: string, source: string): LintProblem[] {
  return isTargetsFile(file, source) ? lintConfigSource(file, source) : lintRunbookSource(file, source);
}

/** Files or directories (every *.yaml/*.yml under it); a targets file is linted as config. */
export function lintPaths(paths: string[]): LintProblem[] {
  return filesToLint(paths).flatMap((target) => {
    if ('problem' in target) return [target.problem];
    const read = readLintSource(target.file);
    return 'problem' in read ? [read.problem] : lintFileSource(target.file, read.source);
  });
}
