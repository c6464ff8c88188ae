/**
 * Pieces of an encoded secret at the edges of lines. A program that wraps its output (base64
 * at 76 columns, xxd -p at 60) cuts the encoded secret across lines, so no line holds it
 * whole: the end of one line is a prefix of it, the start of the next a suffix, a line in
 * between lies wholly inside it. Such a piece is masked when it is at least `EDGE_MIN`
 * characters long; shorter pieces are left, as they match ordinary text too often.
 */
export const EDGE_MIN = 8;

/** Where an `EDGE_MIN`-character piece occurs: in which form, at which offset. */
type Places = Array<[form: string, at: number]>;

export class EdgeMasker {
  private readonly pieces = new Map<string, Places>();

  constructor(private readonly replacement: string) {}

  /** Indexes every `EDGE_MIN`-character piece of each form, so a line costs two lookups. */
  add(forms: readonly string[]): void {
    for (const form of forms) {
      for (let at = 0; at + EDGE_MIN <= form.length; at++) {
        const piece = form.slice(at, at + EDGE_MIN);
        const places = this.pieces.get(piece);
        if (places) places.push([form, at]);
        else this.pieces.set(piece, [[form, at]]);
      }
    }
  }

  /** `text` with each line's edge pieces of a known form masked. */
  mask(text: string): string {
    if (this.pieces.size === 0 || text.length < EDGE_MIN) return text;
    if (!text.includes('\n')) return this.line(text);
    return text.split('\n').map((l) => this.line(l)).join('\n');
  }

  private line(line: string): string {
    if (line.length < EDGE_MIN) return line;
    let start = 0;
    let end = line.length;
    for (const [form, at] of this.pieces.get(line.slice(0, EDGE_MIN)) ?? []) {
      // The whole line inside the form, or the line starting with the form's tail.
      if (form.startsWith(line, at)) return this.replacement;
      if (line.startsWith(form.slice(at))) start = Math.max(start, form.length - at);
    }
    for (const [form, at] of this.pieces.get(line.slice(-EDGE_MIN)) ?? []) {
      // The line ending with the form's head.
      const head = form.slice(0, at + EDGE_MIN);
      if (line.endsWith(head)) end = Math.min(end, line.length - head.length);
    }
    if (start === 0 && end === line.length) return line;
    if (start >= end) return this.replacement;
    return `${start > 0 ? this.replacement : ''}${line.slice(start, end)}${end < line.length ? this.replacement : ''}`;
  }
}
