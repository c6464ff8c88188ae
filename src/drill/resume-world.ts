import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliArgs } from '../cli-args.js';
import { UsageError } from '../errors.js';
import { drillsDir } from './journal.js';

/**
 * The command line to resume a drill's recovery run with: the drill's world's targets file
 * (the target `drill` is defined nowhere else). A world removed at the drill's end (without
 * `--keep`) cannot be resumed in: that is said, naming the drill, instead of "unknown target".
 */
export function drillResumeArgs(args: CliArgs, home: string, drillId: string, runId: string, runbookId: string): CliArgs {
  const configFile = join(drillsDir(home), drillId, 'world', 'pitstop.yaml');
  if (!existsSync(configFile)) {
    throw new UsageError(`run ${runId} is the recovery run of drill ${drillId}, whose world was removed when the drill ended: it cannot be resumed`, {
      hint: `Drill again: pitstop drill ${runbookId} (with --keep the world stays, and an unfinished recovery can be resumed in it).`,
    });
  }
  return { ...args, config: configFile };
}
