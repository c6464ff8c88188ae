/** One word of a command line, with where its text starts in the string it came from. */
export interface Word {
  /** The word as the program receives it (quotes removed); a template's characters are NUL. */
  text: string;
  /** Offset in the source string of the word's first character, and the source length it spans. */
  at: number;
  length: number;
}

/** Same-length stand-in for every `{{ … }}`, so offsets into the text still match the source. */
export function maskTemplates(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, (m) => '\0'.repeat(m.length));
}

/** True when any part of the word is filled by a template at run time. */
export function templated(word: Word): boolean {
  return word.text.includes('\0');
}

const SEPARATORS = new Set(['\n', ';', '&', '|', '(', ')', '`', '{', '}']);

/**
 * The simple commands of a shell script (as `sh -c` gets it), each as its words, for
 * inspection only: quotes are honoured, `;`, `&&`, `||`, `|`, newlines, subshells and
 * command substitutions separate commands, comments and redirections (with their targets)
 * are dropped. Not a shell: variables are not expanded, here-documents are not read.
 */
export function shellCommands(script: string): Word[][] {
  const commands: Word[][] = [[]];
  let text = '';
  let start = -1;
  let skipNext = false;
  const end = (at: number) => {
    if (start < 0) return;
    if (skipNext) skipNext = false;
    else commands.at(-1)!.push({ text, at: start, length: at - start });
    text = '';
    start = -1;
  };
  const begin = (at: number) => {
    if (start < 0) start = at;
  };
  for (let i = 0; i < script.length; i += 1) {
    const ch = script[i]!;
    if (ch === "'") {
      begin(i);
      const close = script.indexOf("'", i + 1);
      const stop = close < 0 ? script.length : close;
      text += script.slice(i + 1, stop);
      i = stop;
    } else if (ch === '"') {
      begin(i);
      let k = i + 1;
      for (; k < script.length && script[k] !== '"'; k += 1) {
        if (script[k] === '\\' && k + 1 < script.length && '"\\$`'.includes(script[k + 1]!)) k += 1;
        text += script[k];
      }
      i = k;
    } else if (ch === '\\') {
      begin(i);
      if (script[i + 1] !== '\n') text += script[i + 1] ?? '';
      i += 1;
    } else if (ch === ' ' || ch === '\t') {
      end(i);
    } else if (ch === '#' && start < 0) {
      const nl = script.indexOf('\n', i);
      i = (nl < 0 ? script.length : nl) - 1;
    } else if (ch === '<' || ch === '>') {
      // `2>&1`, `>/dev/null`, `< in`: the redirection and its target are not arguments.
      if (/^\d+$/.test(text)) {
        text = '';
        start = -1;
      }
      end(i);
      while (script[i + 1] === '>' || script[i + 1] === '<' || script[i + 1] === '|') i += 1;
      if (script[i + 1] === '&') {
        i += 1;
        while (/[\d-]/.test(script[i + 1] ?? '')) i += 1;
      } else skipNext = true;
    } else if (SEPARATORS.has(ch) || (ch === '$' && script[i + 1] === '(')) {
      end(i);
      if (commands.at(-1)!.length > 0) commands.push([]);
      if (ch === '$') i += 1;
    } else {
      begin(i);
      text += ch;
    }
  }
  end(script.length);
  return commands.filter((c) => c.length > 0);
}
