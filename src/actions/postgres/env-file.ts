/**
 * Reading and rewriting one variable of an environment file (`KEY=value` lines, as systemd's
 * EnvironmentFile, docker's --env-file and dotenv read them). Pure: text in, text out. Every
 * other line — comments, other variables, blank lines — is kept byte for byte.
 */

export interface EnvAssignment {
  /** 0-based line of the last assignment (the one that wins). */
  line: number;
  value: string;
  /** `export ` when the line had it. */
  exported: boolean;
  quote: '' | '"' | "'";
}

const ASSIGNMENT = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** The value the file gives `name` (the last assignment wins), or null when it has none. */
export function readEnvVar(text: string, name: string): EnvAssignment | null {
  let found: EnvAssignment | null = null;
  text.split('\n').forEach((raw, line) => {
    const m = ASSIGNMENT.exec(raw.replace(/\r$/, ''));
    if (!m || m[3] !== name) return;
    found = { line, exported: m[2] !== undefined, ...unquote(m[4]!) };
  });
  return found;
}

/**
 * `text` with `name` set to `value`: the winning assignment is rewritten in place (same
 * `export` and quoting style), or a line is appended when the file has none.
 */
export function writeEnvVar(text: string, name: string, value: string): string {
  if (/[\n\r\0]/.test(value)) throw new Error(`the value for ${name} cannot contain a line break or NUL`);
  const current = readEnvVar(text, name);
  if (!current) {
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}${name}=${quote(value, needsQuotes(value) ? '"' : '')}\n`;
  }
  const lines = text.split('\n');
  const cr = lines[current.line]!.endsWith('\r') ? '\r' : '';
  const style = current.quote === '' && needsQuotes(value) ? '"' : current.quote;
  lines[current.line] = `${current.exported ? 'export ' : ''}${name}=${quote(value, style)}${cr}`;
  return lines.join('\n');
}

function unquote(rest: string): { value: string; quote: '' | '"' | "'" } {
  const trimmed = rest.trim();
  if (trimmed.startsWith("'")) {
    const end = trimmed.indexOf("'", 1);
    return { value: trimmed.slice(1, end < 0 ? undefined : end), quote: "'" };
  }
  if (trimmed.startsWith('"')) {
    let value = '';
    for (let i = 1; i < trimmed.length; i += 1) {
      const c = trimmed[i]!;
      if (c === '"') break;
      if (c === '\\' && i + 1 < trimmed.length) {
        i += 1;
        value += trimmed[i]!;
      } else value += c;
    }
    return { value, quote: '"' };
  }
  // Unquoted: a ` #` starts a comment.
  return { value: trimmed.replace(/\s+#.*$/, ''), quote: '' };
}

function needsQuotes(value: string): boolean {
  return /[\s#"'\\$`]/.test(value);
}

function quote(value: string, style: '' | '"' | "'"): string {
  if (style === "'" && !value.includes("'")) return `'${value}'`;
  if (style === '') return value;
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}
