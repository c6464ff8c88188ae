import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A 1-based place in a file. */
export interface Pos {
  line: number;
  col: number;
}

/** A YAML file parsed with everything needed to point at any node, key or character. */
export interface ParsedYaml {
  file: string;
  source: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Keys and indexes from the document root to a node. */
export type YamlPath = ReadonlyArray<string | number>;

/** Parses without throwing: syntax problems are in `doc.errors`. */
export function parseYaml(file: string, source: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, keepSourceTokens: true, uniqueKeys: true, logLevel: 'error' });
  return { file, source, doc, lines };
}

/** Line and column of an offset in the source. */
export function posAt(p: ParsedYaml, offset: number): Pos {
  const clamped = Math.max(0, Math.min(offset, p.source.length));
  return p.lines.linePos(clamped);
}

/** The document's data, or why it cannot be had (an alias bomb); never throws. */
export function toData(p: ParsedYaml): { data: unknown } | { error: string } {
  try {
    return { data: p.doc.toJS({ maxAliasCount: 1000 }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  const range = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
  return range ?? undefined;
}

/** The node at `path`, if it is there. */
export function nodeAt(p: ParsedYaml, path: YamlPath): Node | undefined {
  if (path.length === 0) return (p.doc.contents as Node | null) ?? undefined;
  try {
    const node = p.doc.getIn(path, true) as Node | undefined;
    return rangeOf(node) ? node : undefined;
  } catch {
    return undefined;
  }
}

/** Where the value at `path` starts, or its nearest existing parent (a missing field → its mapping). */
export function pathPos(p: ParsedYaml, path: YamlPath): Pos {
  for (let n = path.length; n >= 0; n -= 1) {
    const range = rangeOf(nodeAt(p, path.slice(0, n)));
    if (range) return posAt(p, range[0]);
  }
  return { line: 1, col: 1 };
}

/** Where the key `key` of the mapping at `mapPath` is written, or the mapping itself. */
export function keyPos(p: ParsedYaml, mapPath: YamlPath, key: string): Pos {
  const map = nodeAt(p, mapPath);
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) {
        const range = rangeOf(pair.key);
        if (range) return posAt(p, range[0]);
      }
    }
  }
  return pathPos(p, mapPath);
}

/** Number of times `needle` occurs in `text` starting before `limit`. */
function occurrencesBefore(text: string, needle: string, limit: number): number {
  let count = 0;
  for (let i = text.indexOf(needle); i >= 0 && i < limit; i = text.indexOf(needle, i + 1)) count += 1;
  return count;
}

/**
 * Where character `index` of a string value is in the source. The value of a quoted, folded
 * or block scalar is not its source text, so the characters at `index` are looked up in the
 * source as the same occurrence of the same text. Falls back to the start of the value.
 */
export function charPos(p: ParsedYaml, path: YamlPath, index: number, length = 1): Pos {
  const node = nodeAt(p, path);
  const range = rangeOf(node);
  if (!isScalar(node) || typeof node.value !== 'string' || !range) return pathPos(p, path);
  const value = node.value;
  if (index >= value.length && value.length > 0) {
    const last = charPos(p, path, value.length - 1, 1);
    return { line: last.line, col: last.col + 1 };
  }
  const needle = value.slice(index, index + Math.max(1, length));
  if (needle === '') return posAt(p, range[0]);
  const raw = p.source.slice(range[0], range[1]);
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  // A block scalar's first line is its header (`|`, `>-`, maybe a comment): skip it.
  let from = block ? raw.indexOf('\n') + 1 : 0;
  let found = -1;
  for (let k = occurrencesBefore(value, needle, index + 1); k > 0; k -= 1) {
    found = raw.indexOf(needle, from);
    if (found < 0) break;
    from = found + 1;
  }
  return posAt(p, found >= 0 ? range[0] + found : range[0]);
}
