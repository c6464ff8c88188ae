/**
 * Pieces of an encoded secret at the edges of lines. A program that wraps its output (base64
 * at 76 columns, xxd -p at 60) cuts the encoded secret across lines, so no line holds it
 * whole: the end of one line is a prefix of it, the start of the next a suffix, a line in
 * between lies wholly inside it. Such a piece is masked when it is long enough for its form
 * (see `secretForms`); shorter pieces are left, as they match ordinary text too often.
 */

/** The shortest piece any form may have masked; pieces are found through pieces this long. */
export const EDGE_GRAM = 6;

/**
 * A form that may be wrapped, and the shortest piece of it masked at a line edge; `last`
 * when the form is a whole encoding, whose short last line is masked too (see `line`).
 */
export type WrappableForm = [form: string, minPiece: number, last?: boolean];

/** Where an `EDGE_GRAM`-character piece occurs: in which form, at which offset. */
type Places = Array<[form: string, at: number, minPiece: number]>;

export class EdgeMasker {
  private readonly pieces = new Map<string, Places>();
  /** The short ends of whole encodings (`A==`, `eHh4`): the last line of a wrapped one. */
  private readonly lastLines = new Set<string>();

  constructor(private readonly replacement: string) {}

  /** Indexes every `EDGE_GRAM`-character piece of each form, so a line costs two lookups. */
  add(forms: readonly WrappableForm[]): void {
    for (const [form, minPiece, last] of forms) {
      for (let at = 0; at + EDGE_GRAM <= form.length; at++) {
        const piece = form.slice(at, at + EDGE_GRAM);
        const places = this.pieces.get(piece);
        if (places) places.push([form, at, minPiece]);
        else this.pieces.set(piece, [[form, at, minPiece]]);
      }
      // The last line of a wrapped encoding may be shorter than any piece: masked when it is
      // the whole line and unmistakable, i.e. padded, or a full quartet (3 bytes) or more.
      if (last) {
        for (let n = 2; n < EDGE_GRAM && n <= form.length; n++) {
          const tail = form.slice(-n);
          if (/[^=]/.test(tail) && (tail.endsWith('=') || n >= 4)) this.lastLines.add(tail);
        }
      }
    }
  }

  /** `text` with each line's edge pieces of a known form masked. */
  mask(text: string): string {
    if (this.pieces.size === 0) return text;
    if (!text.includes('\n')) return this.line(text);
    return text.split('\n').map((l) => this.line(l)).join('\n');
  }

  private line(line: string): string {
    if (line.length < EDGE_GRAM) return this.lastLines.has(line) ? this.replacement : line;
    let start = 0;
    let end = line.length;
    for (const [form, at, minPiece] of this.pieces.get(line.slice(0, EDGE_GRAM)) ?? []) {
      // The whole line inside the form, or the line starting with the form's tail.
      if (line.length >= minPiece && form.startsWith(line, at)) return this.replacement;
      const tail = form.slice(at);
      if (tail.length >= minPiece && line.startsWith(tail)) start = Math.max(start, tail.length);
    }
    for (const [form, at, minPiece] of this.pieces.get(line.slice(-EDGE_GRAM)) ?? []) {
      // The line ending with the form's head.
      const head = form.slice(0, at + EDGE_GRAM);
      if (head.length >= minPiece && line.endsWith(head)) end = Math.min(end, line.length - head.length);
    }
    if (start === 0 && end === line.length) return line;
    if (start >= end) return this.replacement;
    return `${start > 0 ? this.replacement : ''}${line.slice(start, end)}${end < line.length ? this.replacement : ''}`;
  }
}
