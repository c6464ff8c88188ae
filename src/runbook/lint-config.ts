import { isScalar, visit } from 'yaml';
import { checkConfigText } from '../config/load.js';
import { findEnvRefs } from '../config/env-refs.js';
import { sortProblems, type LintProblem } from './lint-problems.js';
import { parseYaml, posAt } from './positions.js';

const CONVENTIONAL_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * pitstop.yaml: YAML syntax, the schema and `${env:NAME}` syntax, checked exactly as `run`
 * reads the file; names that are not upper-case are a warning (they work, but are easy to mistype).
 */
export function lintConfigSource(file: string, source: string): LintProblem[] {
  const problems: LintProblem[] = [];
  try {
    for (const p of checkConfigText(source, file).problems) {
      const hint = p.hint && !p.hint.startsWith('Fix ') ? ` (${p.hint.replace(/\.$/, '')})` : '';
      problems.push({ file, line: p.location.line ?? 1, col: p.location.col ?? 1, message: `${p.message}${hint}`, severity: 'error' });
    }
    const parsed = parseYaml(file, source);
    if (parsed.doc.errors.length === 0) {
      visit(parsed.doc, {
        Scalar(_key, node) {
          if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
          for (const ref of findEnvRefs(node.value)) {
            if (CONVENTIONAL_NAME.test(ref.name)) continue;
            const inRaw = source.slice(node.range[0], node.range[1]).indexOf(ref.text);
            problems.push({
              file,
              ...posAt(parsed, node.range[0] + Math.max(0, inRaw)),
              message: `\${env:${ref.name}}: environment variable names are upper-case letters, digits and _ (write \${env:${ref.name.toUpperCase()}})`,
              severity: 'warning',
            });
          }
        },
      });
    }
  } catch (error) {
    problems.push({ file, line: 1, col: 1, message: `pitstop could not finish checking this file (a bug in pitstop): ${(error as Error).message}`, severity: 'error' });
  }
  return sortProblems(problems);
}
