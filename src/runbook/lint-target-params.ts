import { parse } from 'yaml';
import { checkConfigText } from '../config/load.js';
import { locateKey } from '../config/places.js';
import type { LintProblem } from './lint-format.js';
import { didYouMean } from './lint-problems.js';
import { readSourceFile } from './read-source.js';
import { runbookFiles, type RunbookDirRef } from './runbook-index.js';
import { Runbook } from './schema.js';
import { checkTargetParams } from './target-params.js';

type Declared = Pick<Runbook, 'id' | 'params' | 'steps'>;

const RUNBOOK_ID = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * A targets file's `params:` entries against the runbooks they name, as found from here
 * (./runbooks, --runbooks, the shipped ones): an unknown runbook is a warning (it may live
 * in a directory not searched from here), a parameter it does not declare or a value of the
 * wrong type is an error (the runbook's default would apply, silently). Not cached with the
 * file's own lint: the answer depends on the runbooks, not only on the file.
 */
export function lintTargetParams(file: string, source: string, dirs: RunbookDirRef[]): LintProblem[] {
  const { config, parsed, problems: own } = checkConfigText(source, file);
  if (!config || !parsed || own.length > 0) return [];
  const problems: LintProblem[] = [];
  const push = (path: string[], message: string, severity: LintProblem['severity']) => {
    const at = locateKey(parsed, path);
    problems.push({ file, line: at.line ?? 1, col: at.col ?? 1, message, severity });
  };
  const runbooks = new Map<string, ReturnType<typeof findRunbook>>();
  for (const [targetName, target] of Object.entries(config.targets)) {
    for (const [id, entry] of Object.entries(target.params ?? {})) {
      const path = ['targets', targetName, 'params', id];
      if (!RUNBOOK_ID.test(id)) {
        push(path, `${path.join('.')}: "${id}" is not a runbook id (lower-case letters, digits, "-" and "_")`, 'error');
        continue;
      }
      if (!runbooks.has(id)) runbooks.set(id, findRunbook(id, dirs));
      const found = runbooks.get(id)!;
      if (found === null) continue;
      if (typeof found === 'string') {
        push(path, `${path.join('.')}: ${found}`, 'warning');
        continue;
      }
      for (const p of checkTargetParams(found, targetName, entry).problems) push(p.path, p.message, 'error');
    }
  }
  return problems;
}

/**
 * The runbook's declared parameters, or why there is none; null when the file with that id
 * does not parse (its own lint says why). Only the file whose `id:` line names it is parsed,
 * and not linted: loading (and linting) every runbook named here would cost seconds.
 */
function findRunbook(id: string, dirs: RunbookDirRef[]): Declared | string | null {
  const ids: string[] = [];
  const idLine = new RegExp(`^id:[ \\t]*(["']?)${id}\\1[ \\t]*(?:#.*)?$`, 'm');
  for (const { dir } of dirs) {
    for (const file of runbookFiles(dir)) {
      let text: string;
      try {
        text = readSourceFile(file, 'runbook');
      } catch {
        continue;
      }
      if (!idLine.test(text)) {
        const other = /^id:[ \t]*(["']?)([a-z0-9_-]+)\1/m.exec(text)?.[2];
        if (other) ids.push(other);
        continue;
      }
      try {
        const parsed = Runbook.safeParse(parse(text, { maxAliasCount: 1000 }));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    }
  }
  return `no runbook ${id} found here (./runbooks, --runbooks, the shipped ones)${didYouMean(id, ids).replace(/^ \((.*)\)$/, '; $1')}`;
}
