import { destructiveSql, writingSql } from './lint-destructive-sql.js';
import { maskTemplates, shellCommands, templated, type Word } from './lint-shell-words.js';

/** A word of a step's argv: which element it is in, and where inside that element. */
export interface ArgWord extends Word {
  arg: number;
}

/** Something a command does that pitstop cannot let through unmarked, at the word that does it. */
export interface CommandFinding {
  word: ArgWord;
  /** `rm deletes files`, `DROP TABLE (psql -c)`. */
  what: string;
  /** The program is chosen by a template: pitstop cannot tell what it does. */
  unknown?: boolean;
  /** SQL the command hands to a database that writes (for checks), not necessarily destroys. */
  writesOnly?: boolean;
}

type Rule = (name: string, args: ArgWord[]) => string | null;

const positional = (args: ArgWord[]) => args.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
const some = (args: ArgWord[], ...words: string[]) => args.some((a) => words.includes(a.text));

/** Programs that delete, overwrite or stop for good, and when (given their arguments) they do. */
const DESTROYERS: Record<string, Rule> = {
  rm: () => 'rm deletes files',
  rmdir: () => 'rmdir deletes directories',
  unlink: () => 'unlink deletes a file',
  shred: () => 'shred overwrites files',
  wipefs: () => 'wipefs erases file system signatures',
  dd: () => 'dd overwrites its output',
  truncate: () => 'truncate cuts files short',
  mkfs: () => 'mkfs formats a device',
  mke2fs: () => 'mke2fs formats a device',
  dropdb: () => 'dropdb drops a database',
  dropuser: () => 'dropuser drops a role',
  pg_resetwal: () => 'pg_resetwal throws away WAL',
  pg_resetxlog: () => 'pg_resetxlog throws away WAL',
  pg_archivecleanup: () => 'pg_archivecleanup deletes archived WAL',
  pg_rewind: () => 'pg_rewind overwrites a data directory',
  pg_dropcluster: () => 'pg_dropcluster deletes a cluster',
  pg_ctl: (_, args) => {
    const verb = positional(args).find((w) => ['stop', 'kill', 'promote', 'restart'].includes(w));
    return verb ? `pg_ctl ${verb} ${verb === 'promote' ? 'promotes a standby (no way back)' : 'stops the PostgreSQL server'}` : null;
  },
  pg_ctlcluster: (_, args) => {
    const verb = positional(args).find((w) => ['stop', 'promote', 'restart'].includes(w));
    return verb ? `pg_ctlcluster ${verb} ${verb === 'promote' ? 'promotes a standby (no way back)' : 'stops the PostgreSQL server'}` : null;
  },
  systemctl: (_, args) => stopsPostgres('systemctl', args),
  service: (_, args) => stopsPostgres('service', args),
  turso: (_, args) => {
    const words = positional(args).slice(0, 3);
    if (words.includes('destroy')) return `turso ${words.slice(0, words.indexOf('destroy') + 1).join(' ')} deletes it for good`;
    if (words.includes('tokens') && words.includes('invalidate')) return 'turso db tokens invalidate revokes every token';
    return null;
  },
  pgbackrest: (_, args) => (some(args, 'stanza-delete') ? 'pgbackrest stanza-delete deletes the backups' : null),
  rsync: (_, args) => (args.some((a) => /^--(delete|remove-source-files)/.test(a.text)) ? 'rsync --delete removes files' : null),
  find: (_, args) => (some(args, '-delete') ? 'find -delete deletes files' : null),
  mv: (name, args) => overwritesParam(name, args),
  cp: (name, args) => overwritesParam(name, args),
  install: (name, args) => overwritesParam(name, args),
};

/** Stopping the database server is pg_ctl stop by another name; stopping an application is routine (app.stop). */
function stopsPostgres(tool: string, args: ArgWord[]): string | null {
  const words = positional(args);
  const verb = words.find((w) => ['stop', 'kill', 'restart', 'mask'].includes(w));
  return verb && words.some((w) => /postgres/i.test(w)) ? `${tool} ${verb} stops the PostgreSQL server` : null;
}

/** mv/cp onto a path that a template fills in: whatever is there is replaced. */
function overwritesParam(name: string, args: ArgWord[]): string | null {
  if (args.some((a) => /^-[a-zA-Z]*n|^--no-clobber$|^--update=none/.test(a.text))) return null;
  const dirFlag = args.findIndex((a) => a.text === '-t' || a.text.startsWith('--target-directory'));
  const dest = dirFlag >= 0 ? (args[dirFlag]!.text.includes('=') ? args[dirFlag] : args[dirFlag + 1]) : args.filter((a) => !a.text.startsWith('-')).at(-1);
  return dest && templated(dest) && args.length >= 2 ? `${name} onto a path given at run time overwrites what is there` : null;
}

/** Wrappers that run the rest of their arguments as a command: options that take a value. */
const WRAPPERS: Record<string, { valued: string[]; positionals?: number }> = {
  sudo: { valued: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir', '--host', '--prompt'] },
  doas: { valued: ['-u', '-C'] },
  env: { valued: ['-u', '-C', '--unset', '--chdir'] },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '-n', '--class', '--classdata'] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
  nohup: { valued: [] },
  time: { valued: ['-f', '-o', '--format', '--output'] },
  command: { valued: [] },
  exec: { valued: ['-a'] },
  stdbuf: { valued: ['-i', '-o', '-e'] },
  xargs: { valued: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs'] },
  runuser: { valued: ['-u', '-g', '-G', '--user', '--group'] },
  chrt: { valued: [], positionals: 1 },
  taskset: { valued: [], positionals: 1 },
  flock: { valued: ['-w', '-E', '--timeout', '--conflict-exit-code'], positionals: 1 },
  ssh: { valued: ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w'], positionals: 1 },
};
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash']);
/** Words that open a shell construct before the command itself. */
const SHELL_RESERVED = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}']);

/** Index of the first word after a wrapper's options (and its own positionals such as timeout's duration). */
function afterOptions(args: ArgWord[], valued: string[], positionals = 0): number {
  let k = 0;
  while (k < args.length) {
    const t = args[k]!.text;
    if (t === '--') return k + 1 + positionals;
    if (!t.startsWith('-') || t === '-') break;
    const takesValue = valued.includes(t) || (valued.includes(t.slice(0, 2)) && t.length === 2);
    k += takesValue ? 2 : 1;
  }
  // env's NAME=value and a shell's leading assignments are not the command.
  while (k < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[k]!.text)) k += 1;
  return k + positionals;
}

function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/** A word of an inner text (a script, a query) placed in its argv element. */
function inside(outer: ArgWord, w: Word): ArgWord {
  return { text: w.text, at: outer.at + w.at, length: w.length, arg: outer.arg };
}

/** SQL a database client is told to run, judged like a query step. */
function sqlFindings(sql: ArgWord, via: string): CommandFinding[] {
  const found: CommandFinding[] = destructiveSql(sql.text).map((f) => ({
    word: { ...sql, at: sql.at + f.index, length: f.length, text: f.what },
    what: `${f.what} (through ${via})`,
  }));
  const write = writingSql(sql.text);
  if (found.length === 0 && write) found.push({ word: { ...sql, at: sql.at + write.index, length: write.length }, what: `${write.what} writes (through ${via})`, writesOnly: true });
  return found;
}

function scriptFindings(script: ArgWord, depth: number): CommandFinding[] {
  if (script.text.replace(/\0/g, '').trim() === '') return [{ word: script, what: 'the whole script is given at run time', unknown: true }];
  return shellCommands(script.text).flatMap((words) => commandFindings(words.map((w) => inside(script, w)), depth + 1));
}

/**
 * What a command does that destroys, unwrapping sudo, env, timeout, nice, `sh -c '…'`,
 * `docker exec`, `kubectl exec --` and the like, and reading the SQL that psql -c, sqlite3 and turso db shell are given. Templates are
 * unknown text: a template in the program's own name makes the whole command unknown.
 */
export function commandFindings(words: ArgWord[], depth = 0): CommandFinding[] {
  let k = 0;
  while (k < words.length && (SHELL_RESERVED.has(words[k]!.text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]!.text))) k += 1;
  const program = words[k];
  if (!program || depth > 4) return [];
  const args = words.slice(k + 1);
  const name = basename(program.text);
  if (name.includes('\0') || name.startsWith('$')) return [{ word: program, what: 'the program is chosen at run time', unknown: true }];
  const wrapper = WRAPPERS[name];
  // `command -v rm` looks a program up; it does not run it.
  if (name === 'command' && args.some((a) => a.text === '-v' || a.text === '-V')) return [];
  if (wrapper) {
    const start = afterOptions(args, wrapper.valued, wrapper.positionals);
    const rest = args.slice(start);
    // env -S 'cmd args' and flock FILE -c 'cmd' take the command as one string.
    const split = name === 'env' ? args.slice(0, start).findIndex((a) => a.text === '-S' || a.text === '--split-string') : -1;
    if (split >= 0 && args[split + 1]) return scriptFindings(args[split + 1]!, depth);
    if (name === 'flock' && (rest[0]?.text === '-c' || rest[0]?.text === '--command') && rest[1]) return scriptFindings(rest[1], depth);
    // ssh joins its remaining words into a script for the remote shell.
    if (name === 'ssh' && rest.length === 1) return scriptFindings(rest[0]!, depth);
    return commandFindings(rest, depth + 1);
  }
  if (SHELLS.has(name) || name === 'su') {
    const flag = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.text) || a.text === '--command');
    return flag >= 0 && args[flag + 1] ? scriptFindings(args[flag + 1]!, depth) : [];
  }
  if (name === 'kubectl' && some(args, 'exec')) {
    const dashes = args.findIndex((a) => a.text === '--');
    return dashes >= 0 ? commandFindings(args.slice(dashes + 1), depth + 1) : [];
  }
  if ((name === 'docker' || name === 'podman') && args[0]?.text === 'exec') {
    // exec [options] CONTAINER COMMAND…
    const rest = args.slice(1);
    const first = afterOptions(rest, ['-e', '-u', '-w', '--env', '--user', '--workdir', '--env-file'], 1);
    return commandFindings(rest.slice(first), depth + 1);
  }
  if (name === 'psql') {
    return args.flatMap((a, n) => {
      if (a.text.startsWith('--command=')) return sqlFindings({ ...a, text: a.text.slice(10), at: a.at + 10 }, 'psql');
      const commandFlag = a.text === '--command' || /^-[A-Za-z]*c$/.test(a.text);
      return commandFlag && args[n + 1] ? sqlFindings(args[n + 1]!, 'psql') : [];
    });
  }
  if (name === 'sqlite3') return args.filter((a) => !a.text.startsWith('-')).slice(1).flatMap((a) => sqlFindings(a, 'sqlite3'));
  if (name === 'turso' && args[0]?.text === 'db' && args[1]?.text === 'shell') {
    return args.slice(3).filter((a) => !a.text.startsWith('-')).flatMap((a) => sqlFindings(a, 'turso db shell'));
  }
  if (name === 'find') {
    const exec = args.findIndex((a) => ['-exec', '-execdir', '-ok', '-okdir'].includes(a.text));
    if (exec >= 0) {
      const inner = commandFindings(args.slice(exec + 1), depth + 1);
      if (inner.length > 0) return inner;
    }
  }
  const rule = DESTROYERS[name] ?? (name.startsWith('mkfs.') ? DESTROYERS.mkfs : undefined);
  const what = rule?.(name, args);
  return what ? [{ word: program, what }] : [];
}

/** Findings of a step's argv (each element one word; templates masked). */
export function argvFindings(argv: string[]): CommandFinding[] {
  return commandFindings(argv.map((text, arg) => ({ text: maskTemplates(text), at: 0, length: text.length, arg })));
}
