/**
 * Text from a runbook, a database or a command is data, never terminal control: a value
 * printing `ESC ] 52 ; c ; …` would write the operator's clipboard, `ESC ] 0 ; …` the window
 * title, `ESC [ 2 J` clear the screen. Every place text meets a person (the TUI, plain output,
 * `list`, `lint`, reports, error messages) passes it through here first.
 *
 * Controls are made visible rather than dropped, so the operator sees that something tried:
 * C0 as their Unicode control pictures (`ESC` → `␛`, `BEL` → `␇`), DEL as `␡`, C1 (U+0080 to
 * U+009F, the 8-bit forms of CSI, OSC, DCS …) and the bidi controls that reorder what is
 * shown (Trojan Source) as `\u009b`-style escapes. Once its introducer is visible, the rest
 * of any sequence is plain printable text and does nothing. Tab and newline are kept; `\r\n`
 * is a newline, and a lone `\r` starts a new line too, so a line cannot overwrite itself
 * (`rm -rf /\rls` must not show as `ls`) and progress bars read as one line per update.
 */

/** Everything `terminalText` changes. Kept in one pattern so the fast path and the rewrite agree. */
const CONTROL = /\r\n?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ANY_CONTROL = new RegExp(CONTROL.source);

/** JSON.stringify escapes C0 itself; these it leaves raw. */
const JSON_RAW_CONTROL = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character made visible (see the module comment); tab and newline kept. */
export function terminalText(text: string): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROL, visible);
}

/** `text` as display lines: made safe by `terminalText`, then split on newlines (a lone `\r` included). */
export function terminalLines(text: string): string[] {
  return terminalText(text).split('\n');
}

/**
 * `JSON.stringify(value, null, indent)` safe to print on a terminal: it escapes C0 controls but
 * leaves C1, DEL and bidi controls raw; those are escaped here too (`\u009b`). The text parses
 * back to the same value.
 */
export function terminalJson(value: unknown, indent?: number): string {
  // JSON.stringify(undefined) is undefined, whatever its type says.
  return (JSON.stringify(value, null, indent) ?? 'null').replace(JSON_RAW_CONTROL, unicodeEscape);
}

function visible(control: string): string {
  if (control[0] === '\r') return '\n';
  const code = control.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return unicodeEscape(control);
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
