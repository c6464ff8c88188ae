/**
 * The last column of each row after the header of a `litestream snapshots|generations`
 * listing (`created` of a snapshot, `end` of a generation), as epoch milliseconds.
 */
export function listingTimes(table: string): number[] {
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/).at(-1) ?? '')
    .filter((t) => /^\d{4}-\d{2}-\d{2}T/.test(t))
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
}
