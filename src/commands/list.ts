import type { CliArgs } from '../cli-args.js';
import { EXIT } from '../errors.js';
import { pitstopHome } from '../config/home.js';
import { runbookIndexCache, type IndexedRunbook } from '../runbook/index-cache.js';
import { indexRunbooks } from '../runbook/runbook-index.js';
import { shippedEntryOf } from '../runbook/shipped.js';
import { runbookDirs } from '../runner/runbook-dirs.js';
import { terminalJson, terminalText } from '../util/terminal-text.js';

/**
 * `pitstop list [--json]`: the runbooks found, and the files that failed to load. Titles, ids
 * and file names come from runbook files: shown through `terminalText`.
 */
export async function listCommand(args: CliArgs): Promise<number> {
  const dirs = runbookDirs(args);
  const cache = runbookIndexCache(pitstopHome());
  // Every file indexed and unchanged, or shipped as built: no YAML parser, no schema loaded. Otherwise load them.
  const index = indexRunbooks(dirs, (file) => cache.get(file) ?? remember(file, shippedEntryOf(file)));
  if (index) cache.save();
  const { runbooks, broken } = index ?? (await import('../runbook/discover.js')).discoverRunbooks(dirs, cache);
  if (args.json) {
    process.stdout.write(`${terminalJson(runbooks.map(({ id, title, scenario, engine, summary, file }) => ({ id, title, scenario, engine, summary, file })), 2)}\n`);
  } else {
    const width = Math.max(4, ...runbooks.map((r) => r.id.length));
    for (const r of runbooks) {
      process.stdout.write(terminalText(`${r.id.padEnd(width)}  ${r.engine.padEnd(8)} ${r.scenario.padEnd(20)} ${r.title}\n`));
    }
    if (runbooks.length === 0) process.stdout.write('no runbooks found (looked in ./runbooks, --runbooks dirs and the shipped ones)\n');
  }
  for (const b of broken) process.stderr.write(terminalText(`pitstop: ${b.error}\n  → fix it, or run \`pitstop lint ${b.file}\`\n`));
  return broken.length > 0 && runbooks.length === 0 ? EXIT.usage : EXIT.ok;

  function remember(file: string, entry: IndexedRunbook | undefined): IndexedRunbook | undefined {
    if (entry) cache.set(file, entry);
    return entry;
  }
}
