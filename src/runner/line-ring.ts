/**
 * The last `capacity` lines, in a fixed array: a command may print millions of lines, the
 * screen only ever needs the tail, and memory must not grow with the output.
 */
export class LineRing {
  private readonly slots: string[];
  private next = 0;
  private size = 0;
  /** Every line pushed, kept or not. */
  total = 0;

  constructor(
    readonly capacity: number,
    private readonly maxLineLength = 1000,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a ring needs a capacity of at least 1, not ${capacity}`);
    this.slots = new Array<string>(capacity);
  }

  push(line: string): void {
    this.slots[this.next] = line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
    this.total += 1;
  }

  /** The kept lines, oldest first. */
  toArray(): string[] {
    if (this.size < this.capacity) return this.slots.slice(0, this.size);
    return [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
  }
}
