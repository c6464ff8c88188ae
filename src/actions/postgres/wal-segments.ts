import { ActionError } from '../../errors.js';

/** WAL arithmetic: LSNs (`16/B374D848`) and segment file names (`TTTTTTTTXXXXXXXXYYYYYYYY`). */

export const DEFAULT_SEGMENT_SIZE = 16 * 1024 * 1024;
const SEGMENT_NAME = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;

export function parseLsn(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (!m) throw new ActionError(`"${text}" is not an LSN`, { hint: 'An LSN looks like 16/B374D848 (two hex numbers).' });
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export function isSegmentName(name: string): boolean {
  return SEGMENT_NAME.test(name);
}

/** The segment holding `lsn` on timeline `tli`. */
export function segmentName(tli: number, lsn: bigint, segSize = DEFAULT_SEGMENT_SIZE): string {
  const seg = lsn / BigInt(segSize);
  const perId = 0x100000000n / BigInt(segSize);
  return hex8(BigInt(tli)) + hex8(seg / perId) + hex8(seg % perId);
}

/** Timeline and the number of the segment, from its file name. */
export function parseSegment(name: string, segSize = DEFAULT_SEGMENT_SIZE): { tli: number; seg: bigint } {
  const m = SEGMENT_NAME.exec(name);
  if (!m) throw new Error(`not a WAL segment name: ${name}`);
  const perId = 0x100000000n / BigInt(segSize);
  return { tli: parseInt(m[1]!, 16), seg: BigInt(`0x${m[2]}`) * perId + BigInt(`0x${m[3]}`) };
}

/** The first LSN of a segment. */
export function segmentStartLsn(name: string, segSize = DEFAULT_SEGMENT_SIZE): bigint {
  return parseSegment(name, segSize).seg * BigInt(segSize);
}

export function segmentFromNumber(tli: number, seg: bigint, segSize = DEFAULT_SEGMENT_SIZE): string {
  return segmentName(tli, seg * BigInt(segSize), segSize);
}

/**
 * Segment names of timeline `tli` from `first` to `last` (inclusive) that `has` says
 * are not archived. An empty list means the archive is continuous over that range.
 */
export function missingSegments(tli: number, first: string, last: string, has: (name: string) => boolean, segSize = DEFAULT_SEGMENT_SIZE): string[] {
  const from = parseSegment(first, segSize).seg;
  const to = parseSegment(last, segSize).seg;
  const missing: string[] = [];
  for (let seg = from; seg <= to; seg++) {
    const name = segmentFromNumber(tli, seg, segSize);
    if (!has(name)) missing.push(name);
  }
  return missing;
}

function hex8(n: bigint): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}
