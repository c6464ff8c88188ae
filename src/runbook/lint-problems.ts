import type { LintProblem } from './lint-format.js';
import { charPos, keyPos, pathPos, type ParsedYaml, type Pos, type YamlPath } from './positions.js';

export { formatProblem, type LintProblem } from './lint-format.js';

/** Problems in reading order: by line, then column. */
export function sortProblems(problems: LintProblem[]): LintProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

type Severity = LintProblem['severity'];

/** Collects problems for one parsed file, placing each at a node, a key or a character. */
export class Problems {
  readonly list: LintProblem[] = [];

  constructor(readonly parsed: ParsedYaml) {}

  at(pos: Pos, message: string, severity: Severity = 'error'): void {
    this.list.push({ file: this.parsed.file, line: pos.line, col: pos.col, message, severity });
  }

  /** At the value at `path` (or its nearest existing parent). */
  atPath(path: YamlPath, message: string, severity?: Severity): void {
    this.at(pathPos(this.parsed, path), message, severity);
  }

  /** At the key `key` written in the mapping at `mapPath`. */
  atKey(mapPath: YamlPath, key: string, message: string, severity?: Severity): void {
    this.at(keyPos(this.parsed, mapPath, key), message, severity);
  }

  /** At character `index` of the string value at `path`. */
  atChar(path: YamlPath, index: number, length: number, message: string, severity?: Severity): void {
    this.at(charPos(this.parsed, path, index, length), message, severity);
  }
}

/** The value as a plain object, or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value if it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `step "id"` for messages, or `step N` when it has no usable id. */
export function stepLabel(step: unknown, index: number): string {
  const id = str(record(step)?.id);
  return id ? `step ${id}` : `step ${index + 1}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Candidates close to `word` (typos), closest first. */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  return [...new Set(candidates)]
    .map((c) => ({ c, d: word.length >= 3 && (c.includes(word) || word.includes(c)) ? 1 : distance(word, c) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** ` (did you mean x?)`, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = nearest(word, candidates, 1);
  return near.length ? ` (did you mean ${near[0]}?)` : '';
}
