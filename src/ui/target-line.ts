import { basename } from 'node:path';
import type { TargetView } from '../engine/types.js';
import { redactUrl, type Redactor } from '../util/redact.js';

/** What the header says about the database a run acts on. */
export interface TargetLine {
  name: string;
  engine: string;
  host: string;
  database: string;
}

/**
 * Engine, host and database from the target's URL, for the header: never the token or the
 * password (the URL is masked with `redactUrl`, then by the run's redactor).
 */
export function describeTarget(target: TargetView, redactor?: Redactor): TargetLine {
  const url = typeof target.url === 'string' ? redactUrl(target.url) : '';
  const clean = (s: string) => (redactor ? redactor.text(s) : s);
  const { host, database } = whereOf(url);
  return { name: clean(target.name), engine: target.engine, host: clean(host), database: clean(database) };
}

const NO_HOST = 'no-host.invalid';

function whereOf(url: string): { host: string; database: string } {
  if (url === '') return { host: '?', database: '?' };
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split('?')[0] ?? '';
    return { host: 'local file', database: basename(path) || path };
  }
  if (!url.includes('://')) {
    // libpq keyword/value form: host=… dbname=…
    const field = (key: string) => new RegExp(`(?:^|\\s)${key}\\s*=\\s*('[^']*'|\\S+)`).exec(url)?.[1]?.replace(/^'|'$/g, '');
    return { host: field('host') ?? 'local socket', database: field('dbname') ?? '?' };
  }
  try {
    // libpq allows an empty host before the path (`postgresql://user@/db?host=/run/pg`);
    // WHATWG URL does not, so a placeholder stands in for it.
    const parsed = new URL(url.replace(/^([a-z]+:\/\/(?:[^/?#@]*@)?)(?=[/?#])/i, `$1${NO_HOST}`));
    const named = parsed.host === NO_HOST ? '' : parsed.host;
    const host = parsed.searchParams.get('host') || named || 'local socket';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
    return { host, database };
  } catch {
    return { host: '?', database: '?' };
  }
}
