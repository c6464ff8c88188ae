import { createClient } from '@libsql/client';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCli, type CliArgs } from '../../src/cli-args.js';

/**
 * A project for TUI and controller tests: runbooks in a temp directory, a pitstop.yaml with
 * one libSQL target on a real file, and a private $PITSTOP_HOME (set in process.env, which
 * every test file has to itself).
 */
export interface World {
  dir: string;
  home: string;
  db: string;
  /** CLI arguments as `pitstop ARGV` would parse them, pointed at this world. */
  args(argv: string[]): CliArgs;
  journal(runId?: string): Array<Record<string, any>>;
  runIds(): string[];
}

export const TOKEN = 'tok-5ecret-value-42';

export async function makeWorld(runbooks: Record<string, string>): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'pitstop-ui-'));
  const home = join(dir, 'home');
  const db = join(dir, 'tickets.db');
  mkdirSync(join(dir, 'runbooks'));
  for (const [name, text] of Object.entries(runbooks)) writeFileSync(join(dir, 'runbooks', `${name}.yaml`), text);
  const client = createClient({ url: `file:${db}` });
  await client.batch(['CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT)', "INSERT INTO tickets (title) VALUES ('printer on fire'), ('vpn down')"]);
  client.close();
  writeFileSync(
    join(dir, 'pitstop.yaml'),
    ['targets:', '  tickets:', '    engine: libsql', `    url: file:${db}`, '    auth_token: ${env:PITSTOP_UI_TOKEN}', ''].join('\n'),
  );
  process.env['PITSTOP_HOME'] = home;
  process.env['PITSTOP_UI_TOKEN'] = TOKEN;
  const runIds = () => {
    try {
      return readdirSync(join(home, 'runs')).sort();
    } catch {
      return [];
    }
  };
  return {
    dir,
    home,
    db,
    args: (argv) => parseCli([...argv, '--config', join(dir, 'pitstop.yaml'), '--runbooks', join(dir, 'runbooks')]),
    runIds,
    journal(runId = runIds().at(-1)) {
      return readFileSync(join(home, 'runs', runId!, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    },
  };
}

/** Polls until `check` returns something truthy (content, not timers, decides). */
export async function until<T>(check: () => T | undefined | null | false, what = 'condition', timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A runbook YAML from its steps (already YAML lines, indented under `steps:`). */
export function runbookYaml(id: string, steps: string[], extra: string[] = []): string {
  return [`id: ${id}`, `title: Test ${id}`, 'scenario: custom', 'engine: libsql', `summary: The ${id} runbook for tests`, ...extra, 'steps:', ...steps, ''].join('\n');
}
