/** What a key is, beside its text: the flags the screens look at. */
export interface KeyFlags {
  return?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  home?: boolean;
  end?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  /** The Backspace key (DEL 0x7f or BS 0x08): removes the character before the cursor. */
  backspace?: boolean;
  /** The Delete key (ESC [3~): removes the character under the cursor. */
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  escape?: boolean;
  tab?: boolean;
  /** Text that came in a bracketed paste: insert it as text, never as commands or Enters. */
  paste?: boolean;
}

/** One key: its text (the letter for Ctrl- and Alt-keys, empty for named keys) and its flags. */
export interface Keypress {
  input: string;
  key: KeyFlags;
}

/** Where a bracketed paste (ESC [200~ … ESC [201~) stands between two chunks. */
export interface TokenizerState {
  pasting: boolean;
}

const ESC = '\u001b';
const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;

/** The final part of ESC [ … and ESC O … sequences, by name. */
const SEQUENCES: Record<string, KeyFlags> = {
  A: { upArrow: true },
  B: { downArrow: true },
  C: { rightArrow: true },
  D: { leftArrow: true },
  H: { home: true },
  F: { end: true },
  Z: { tab: true, shift: true },
  '1~': { home: true },
  '7~': { home: true },
  '4~': { end: true },
  '8~': { end: true },
  '3~': { delete: true },
  '5~': { pageUp: true },
  '6~': { pageDown: true },
};

// A CSI sequence: parameters and intermediates, then one final byte. SS3: one letter.
const CSI = /^\u001b\[([0-9;:<=>?]*[ -/]*)([@-~])/;
const SS3 = /^\u001bO([A-Za-z])/;

/**
 * Every key in one chunk of terminal input, in order. A terminal (or a person typing fast, or
 * tmux) delivers several keys in one read, and Ink hands such a chunk on whole: "\x7f\x7f\x7f"
 * is three Backspaces, "ab\r" is a, b, Enter. Printable text comes one character per key, so a
 * screen taking commands sees each letter; a bracketed paste comes as one key of text.
 */
export function tokenize(chunk: string, state: TokenizerState = { pasting: false }): { keys: Keypress[]; state: TokenizerState } {
  const keys: Keypress[] = [];
  let pasting = state.pasting;
  let rest = chunk;
  while (rest !== '') {
    if (pasting) {
      const end = rest.indexOf(PASTE_END);
      const text = end < 0 ? rest : rest.slice(0, end);
      if (text !== '') keys.push({ input: text, key: { paste: true } });
      if (end < 0) break;
      pasting = false;
      rest = rest.slice(end + PASTE_END.length);
      continue;
    }
    if (rest.startsWith(PASTE_START)) {
      pasting = true;
      rest = rest.slice(PASTE_START.length);
      continue;
    }
    const [key, length] = firstKey(rest);
    if (key) keys.push(key);
    rest = rest.slice(length);
  }
  return { keys, state: { pasting } };
}

/** The key at the start of `s` and how many characters it takes (null: nothing to act on). */
function firstKey(s: string): [Keypress | null, number] {
  const c = s[0]!;
  if (c === '\r') return [{ input: '', key: { return: true } }, s[1] === '\n' ? 2 : 1];
  if (c === '\n') return [{ input: '', key: { return: true } }, 1];
  if (c === '\t') return [{ input: '', key: { tab: true } }, 1];
  if (c === '\u007f' || c === '\b') return [{ input: '', key: { backspace: true } }, 1];
  if (c === ESC) return escapeKey(s);
  const code = c.charCodeAt(0);
  if (code >= 1 && code <= 0x1a) return [{ input: String.fromCharCode(code + 0x60), key: { ctrl: true } }, 1];
  if (code < 0x20 || (code >= 0x80 && code < 0xa0)) return [null, 1];
  // One character (a surrogate pair stays whole).
  const ch = String.fromCodePoint(s.codePointAt(0)!);
  return [{ input: ch, key: /^[A-Z]$/.test(ch) ? { shift: true } : {} }, ch.length];
}

function escapeKey(s: string): [Keypress | null, number] {
  const csi = CSI.exec(s);
  if (csi) {
    const [whole, params = '', final = ''] = csi;
    // Modifiers (ESC [1;5C) do not change which key it is.
    const named = SEQUENCES[final === '~' ? `${params.split(';')[0]}~` : final];
    return [named ? { input: '', key: { ...named } } : null, whole.length];
  }
  const ss3 = SS3.exec(s);
  if (ss3) {
    const named = SEQUENCES[ss3[1]!.toUpperCase()];
    return [named ? { input: '', key: { ...named } } : null, ss3[0].length];
  }
  const next = s[1];
  if (next === undefined || next === ESC) return [{ input: '', key: { escape: true } }, 1];
  // Alt+key arrives as ESC then the key.
  if (next >= ' ' && next !== '\u007f') return [{ input: next, key: { meta: true } }, 2];
  return [{ input: '', key: { escape: true } }, 1];
}
