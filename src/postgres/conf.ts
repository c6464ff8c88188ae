import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** Settings for postgresql.conf; every value is written quoted, which the server accepts for any type. */
export type ConfSettings = Record<string, string | number | boolean>;

const KEY = /^[a-zA-Z_][a-zA-Z0-9_.]*$/;

/** One `key = 'value'` line, the value quoted for postgresql.conf. */
export function confLine(key: string, value: string | number | boolean): string {
  if (!KEY.test(key)) throw new Error(`not a PostgreSQL setting name: ${JSON.stringify(key)}`);
  const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
  if (/[\n\r\0]/.test(text)) throw new Error(`the value of ${key} cannot contain a line break or NUL`);
  return `${key} = '${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** Appends settings to DATADIR/postgresql.conf; later lines win over earlier ones. */
export function appendConf(dataDir: string, settings: ConfSettings): void {
  const lines = Object.entries(settings).map(([k, v]) => confLine(k, v));
  appendFileSync(join(dataDir, 'postgresql.conf'), `\n# added by pitstop\n${lines.join('\n')}\n`);
}

/** A path quoted for /bin/sh, for `archive_command` and `restore_command`. */
export function shellQuote(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/** `archive_command` copying WAL into `dir`, refusing to overwrite a segment already there. */
export function archiveCommand(dir: string): string {
  const target = shellQuote(`${dir}/`);
  return `test ! -f ${target}%f && cp %p ${target}%f`;
}

/** `restore_command` reading WAL from `dir`. */
export function restoreCommand(dir: string): string {
  return `cp ${shellQuote(`${dir}/`)}%f %p`;
}
