import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeSandbox, readJournalEvents, type Sandbox } from '../../helpers/cli.js';
import { seededDb } from './helpers.js';

export interface CliTarget {
  sb: Sandbox;
  db: string;
  backups: string;
}

/**
 * A working directory with a pitstop.yaml whose target `tickets` is a seeded libSQL file
 * (today's clock), its backups directory, and any extra target fields (litestream, turso…).
 */
export async function cliTarget(extra: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<CliTarget> {
  const sb = makeSandbox(env);
  const db = join(sb.cwd, 'data', 'tickets.db');
  const backups = join(sb.cwd, 'backups');
  mkdirSync(join(sb.cwd, 'data'), { recursive: true });
  mkdirSync(backups, { recursive: true });
  await seededDb(db, { now: new Date(), users: 150, tickets: 1200 });
  const target = { engine: 'libsql', url: `file:${db}`, backups, ...extra };
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { tickets: target } }));
  return { sb, db, backups };
}

type Finished = { status: string; outputs?: Record<string, unknown>; error?: string };

/** The journal of the run a CLI invocation printed the id of. */
export function journalOf(sb: Sandbox, output: string): Array<Record<string, any>> {
  return readJournalEvents(join(sb.home, 'runs', runIdOf(output)));
}

/** The last `step/finished` of each step of the run a CLI invocation printed the id of. */
export function finished(sb: Sandbox, output: string): Record<string, Finished> {
  const out: Record<string, Finished> = {};
  for (const e of journalOf(sb, output)) if (e['type'] === 'step/finished') out[e['stepId']] = e as never;
  return out;
}

/** The run id a run printed (`report: pitstop report RUN_ID`). */
export function runIdOf(output: string): string {
  const id = /pitstop report (\S+)/.exec(output)?.[1];
  if (!id) throw new Error(`no run id in:\n${output}`);
  return id;
}
