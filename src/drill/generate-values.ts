import type { Random } from '../sandbox/random.js';
import type { ColumnRule } from './generate-checks.js';
import type { SchemaColumn } from './schema-model.js';

/** A generated value, as both engines' clients bind it. */
export type Value = string | number | boolean | null;

/** What kind of value a declared type takes, for either engine's type names. */
export type TypeFamily = 'integer' | 'real' | 'boolean' | 'date' | 'timestamp' | 'time' | 'interval' | 'uuid' | 'json' | 'blob' | 'vector' | 'array' | 'text' | 'other';

/** PostgreSQL types with a syntax of their own that the generator does not write (NULL, the default, or the table refused). */
const OTHER_TYPES = /^(inet|cidr|macaddr8?|tsvector|tsquery|bit|bit varying|point|line|lseg|box|path|polygon|circle|xml|pg_lsn|txid_snapshot|\w*range|\w*multirange)\b/;

/** The family of a declared type: PostgreSQL's names first, then SQLite's affinity rules. */
export function typeFamily(declared: string): TypeFamily {
  const t = declared.toLowerCase().trim();
  if (t.endsWith('[]')) return 'array';
  if (OTHER_TYPES.test(t)) return 'other';
  if (/^(bool|boolean)$/.test(t)) return 'boolean';
  if (/^interval/.test(t)) return 'interval';
  if (/^date$/.test(t)) return 'date';
  if (/timestamp|datetime/.test(t)) return 'timestamp';
  if (/^time\b/.test(t)) return 'time';
  if (t === 'uuid') return 'uuid';
  if (/^jsonb?$/.test(t)) return 'json';
  if (/^vector\(/.test(t)) return 'vector';
  if (t === 'bytea') return 'blob';
  if (/int|serial/.test(t)) return 'integer';
  if (/char|clob|text/.test(t)) return 'text';
  if (/blob/.test(t)) return 'blob';
  if (/real|floa|doub|numeric|decimal|money/.test(t)) return 'real';
  return 'text';
}

/** What the generator knows of a column while filling it. */
export interface ColumnPlan {
  column: SchemaColumn;
  family: TypeFamily;
  rules: ColumnRule[];
  /** Part of a key or unique set that no foreign key fills: every row gets its own value. */
  distinct: boolean;
}

const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'kilo', 'lima', 'nova', 'orbit', 'pixel', 'quartz', 'river', 'sierra', 'tango', 'vector', 'willow', 'zenith'];
const DAY_MS = 86_400_000;

/**
 * The value of `plan`'s column in row `index` (0-based): distinct columns count from the
 * rules' lower bound (or 1) so no two rows share one; others are drawn from `random` within
 * the rules. Dates lie in the 200 days before `now` (epoch ms).
 */
export function columnValue(plan: ColumnPlan, index: number, random: Random, now: number): Value {
  const { family, rules, distinct, column } = plan;
  const allowed = column.values ?? rules.find((r) => r.kind === 'in')?.values;
  if (allowed) return distinct ? (allowed[index] ?? null) : random.pick(allowed);
  if (family === 'integer' || family === 'real') {
    const { min, max } = bounds(rules, family === 'integer' ? integerMax(column.type) : realMax(column.type));
    if (distinct) return min + index <= max ? min + index : null;
    const top = Math.min(max, min + 1000);
    return family === 'integer' ? random.int(min, top) : Math.round((min + random.next() * (top - min)) * 100) / 100;
  }
  const { minLength, maxLength } = lengths(rules, column.type);
  switch (family) {
    case 'boolean':
      return random.next() < 0.5;
    case 'date':
      return isoTime(now - random.int(0, 200) * DAY_MS).slice(0, 10);
    case 'timestamp':
      return isoTime(now - random.int(0, 200 * DAY_MS));
    case 'time':
      return isoTime(random.int(0, DAY_MS - 1)).slice(11);
    case 'interval':
      return `${random.int(1, 48)} hours`;
    case 'uuid':
      return uuidOf(distinct ? index : random.int(0, 2 ** 31), random);
    case 'json':
      return JSON.stringify({ n: index, word: random.pick(WORDS) });
    case 'blob':
      return hexText(index, random);
    case 'array':
      return '{}';
    case 'other':
      return null;
    case 'vector':
      return `[${Array.from({ length: Number(/\((\d+)\)/.exec(column.type)?.[1] ?? 3) }, () => (random.next() * 2 - 1).toFixed(3)).join(',')}]`;
    default:
      return fitted(textValue(column.name, index, distinct, random), minLength, maxLength, index);
  }
}

function textValue(name: string, index: number, distinct: boolean, random: Random): string {
  if (/mail/i.test(name)) return `user${index + 1}@example.test`;
  const words = `${random.pick(WORDS)} ${random.pick(WORDS)}`;
  return distinct ? `${name}-${index + 1}` : words;
}

/** Within the length bounds: a distinct value shortened keeps its number (base 36) at the end. */
function fitted(text: string, minLength: number, maxLength: number, index: number): string {
  let out = text;
  if (out.length > maxLength) {
    const tag = (index + 1).toString(36);
    out = tag.length >= maxLength ? tag.slice(-maxLength) : `${out.slice(0, maxLength - tag.length)}${tag}`;
  }
  return out.length < minLength ? out.padEnd(minLength, 'x') : out;
}

function bounds(rules: ColumnRule[], typeMax: number): { min: number; max: number } {
  let min: number | undefined;
  let max = typeMax;
  for (const r of rules) {
    if (r.kind === 'min') min = Math.max(min ?? -Infinity, r.strict ? Math.floor(r.value) + 1 : Math.ceil(r.value));
    if (r.kind === 'max') max = Math.min(max, r.strict ? Math.ceil(r.value) - 1 : Math.floor(r.value));
  }
  // Keys count from 1 as databases do, unless a check says otherwise.
  return { min: min ?? Math.min(1, max - 1000), max };
}

function lengths(rules: ColumnRule[], type: string): { minLength: number; maxLength: number } {
  const declared = /char.*\((\d+)\)/i.exec(type);
  let minLength = 0;
  let maxLength = declared ? Number(declared[1]) : 60;
  for (const r of rules) {
    if (r.kind === 'length-min') minLength = Math.max(minLength, r.value);
    if (r.kind === 'length-max') maxLength = Math.min(maxLength, r.value);
  }
  return { minLength, maxLength };
}

/** `numeric(6,2)` holds less than 10^4; other real types, whatever the generator makes. */
function realMax(type: string): number {
  const m = /\((\d+)(?:,\s*(\d+))?\)/.exec(type);
  return m && /numeric|decimal/i.test(type) ? 10 ** (Number(m[1]) - Number(m[2] ?? 0)) - 1 : 1_000_000;
}

function integerMax(type: string): number {
  return /smallint|int2\b/i.test(type) ? 32_767 : 2_147_483_647;
}

/** `2026-11-22 05:17:15`: SQLite's datetime() format, which PostgreSQL reads too. */
function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function uuidOf(n: number, random: Random): string {
  const hex = (len: number) => Array.from({ length: len }, () => random.int(0, 15).toString(16)).join('');
  return `${n.toString(16).padStart(8, '0').slice(-8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function hexText(index: number, random: Random): string {
  return `${index.toString(16)}${random.int(0, 0xffff).toString(16)}`;
}
