import { isMap, isPair, isScalar, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import type { Location } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { allowedFields } from './fields.js';

/** A problem in pitstop.yaml, with its place in the file. */
export interface ConfigProblem {
  location: Location;
  message: string;
  hint?: string;
}

/** A checked pitstop.yaml: its YAML document and line index, for locating keys. */
export interface Parsed {
  doc: Document;
  lines: LineCounter;
  text: string;
  file: string;
}

/** What one schema issue means in the file; an object with several unknown fields is one problem per field. */
export function issueProblems(issue: z.core.$ZodIssue, parsed: Parsed): ConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const where = dotted(path) || 'the file';
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedFields(path);
    return issue.keys.map((key) => ({
      location: keyLocation(parsed, path, String(key)),
      message: `unknown field "${String(key)}" in ${where}${allowed ? didYouMean(String(key), allowed) : ''}`,
      hint: allowed ? `Allowed fields here: ${allowed.join(', ')}.` : 'Check the spelling against the pitstop.yaml format (docs/targets.md).',
    }));
  }
  if (issue.code === 'invalid_key') {
    const what = path[0] === 'targets' && path.length === 2 ? 'target names are letters, digits, "-" and "_"' : (issue.issues[0]?.message ?? issue.message);
    return [{ location: keyLocation(parsed, path.slice(0, -1), String(path.at(-1))), message: `${where}: ${what}` }];
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    const parent = dotted(path.slice(0, -1));
    return [{ location: locate(parsed, path), message: `${parent ? `${parent}: ` : ''}missing required field ${String(path.at(-1) ?? 'targets')}` }];
  }
  if (issue.code === 'invalid_union' && path[0] === 'targets' && path[2] === 'params' && path.length === 5) {
    return [{ location: locate(parsed, path), message: `${where}: a parameter value is one string, number or true/false, as --set would give it` }];
  }
  return [{ location: locate(parsed, path), message: `${where}: ${issue.message}` }];
}

/** Where a value is in the file: the node at `path` (or its nearest existing parent), or `needle` inside it. */
export function locate(parsed: Parsed, path: Array<string | number>, needle?: string): Location {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) continue;
    const inside = needle ? parsed.text.slice(range[0], range[2]).indexOf(needle) : -1;
    return { file: parsed.file, ...parsed.lines.linePos(range[0] + Math.max(0, inside)) };
  }
  return { file: parsed.file, line: 1, col: 1 };
}

/** Where the key at the end of `keyPath` is written in a checked file (its parent's place when absent). */
export function locateKey(parsed: Parsed, keyPath: Array<string | number>): Location {
  return keyLocation(parsed, keyPath.slice(0, -1), String(keyPath.at(-1) ?? ''));
}

function keyLocation(parsed: Parsed, mapPath: Array<string | number>, key: string): Location {
  const map = mapPath.length === 0 ? parsed.doc.contents : parsed.doc.getIn(mapPath, true);
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
        return { file: parsed.file, ...parsed.lines.linePos(pair.key.range[0]) };
      }
    }
  }
  return locate(parsed, mapPath);
}

/** `targets.shop.data.tables` from a path. */
export function dotted(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

