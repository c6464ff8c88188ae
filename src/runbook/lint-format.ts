// Apart from lint-problems.ts (which needs the YAML parser) so that a cached lint prints without loading it.

/** One thing wrong with a file, where it is, and how bad. */
export interface LintProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

/** `FILE:LINE:COL: message`, with `warning: ` before the message of a warning. */
export function formatProblem(p: LintProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}
