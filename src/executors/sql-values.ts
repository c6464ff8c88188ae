import type { SqlResult } from './types.js';

/**
 * A database value as something JSON can hold without loss: 64-bit integers beyond 2^53 and
 * dates become strings (ISO 8601), bytes become `\x` + hex (PostgreSQL's bytea text form).
 * Arrays and plain objects (json columns) are converted deeply.
 */
export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof ArrayBuffer) return `\\x${Buffer.from(value).toString('hex')}`;
  if (ArrayBuffer.isView(value)) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return value.map(jsonSafe);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
  return out;
}

/** A failed request as a result, never a throw. */
export function sqlFailure(error: string, timedOut = false): SqlResult {
  return { kind: 'sql', columns: [], rows: [], rowCount: 0, error, timedOut };
}

/** Collects at most `max` rows while counting all of them. */
export class RowKeeper {
  readonly rows: Record<string, unknown>[] = [];
  count = 0;

  constructor(private readonly max: number) {}

  add(row: Record<string, unknown>): void {
    this.count += 1;
    if (this.rows.length < this.max) this.rows.push(row);
  }
}
