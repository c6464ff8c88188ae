import type { LintProblem } from './lint-format.js';
import { charPos, keyPos, pathPos, type ParsedYaml, type Pos, type YamlPath } from './positions.js';

export { formatProblem, type LintProblem } from './lint-format.js';
export { didYouMean, nearest } from '../util/did-you-mean.js';

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
