import type { CliArgs } from '../cli-args.js';
import { driveHeadless } from '../commands/drive-session.js';
import { PitstopError } from '../errors.js';
import type { RunObserver } from '../runner/loop.js';
import type { Operator } from '../runner/operator.js';
import { createFlagOperator } from '../runner/operator.js';
import { currentUser, prepareNewRun } from '../runner/session.js';
import { createPlainObserver } from '../runner/plain-output.js';
import { terminalText } from '../util/terminal-text.js';
import { DRILL_TARGET } from './libsql-world.js';

/** The command line of a run inside a drill: the world's targets file and target, never the operator's. */
export function worldArgs(args: CliArgs, configFile: string, runbookId: string, set: Record<string, string>): CliArgs {
  return { ...args, config: configFile, target: DRILL_TARGET, positionals: [runbookId], set, dryRun: false };
}

const quiet: RunObserver = { event: () => undefined, output: () => undefined };

/**
 * Runs a shipped backup runbook against the world as a real run (journaled, in `pitstop runs`,
 * its `run/started` naming the drill), ordinary gates approved. Its lines are not shown: the
 * drill says which run it was. Returns the run id; a backup that does not finish ends the drill.
 */
export async function backUpWorld(args: CliArgs, configFile: string, runbookId: string, drillId: string): Promise<string> {
  const session = await prepareNewRun(worldArgs(args, configFile, runbookId, {}), new Date(), { drill: drillId });
  const operator = createFlagOperator({ yes: true, confirm: [], set: {} }, currentUser());
  const code = await driveHeadless(session, { ...args, json: true }, { operator, observer: quiet });
  if (code !== 0) {
    throw new PitstopError(`the drill's backup (run ${session.runId}, ${runbookId}) did not finish`, {
      exitCode: 1,
      hint: `See \`pitstop report ${session.runId}\`; the drill stopped before the fault.`,
    });
  }
  return session.runId;
}

/**
 * Runs the scenario's runbook against the world (its output shown as `pitstop run` shows it);
 * `hint`, for a guided drill in plain output, gives the line shown under each step as it starts.
 */
export async function recoverWorld(args: CliArgs, configFile: string, runbookId: string, drillId: string, set: Record<string, string>, operator: Operator, started: (runId: string) => void, hint?: (stepId: string) => string | undefined): Promise<{ runId: string; code: number }> {
  const session = await prepareNewRun(worldArgs(args, configFile, runbookId, set), new Date(), { drill: drillId });
  started(session.runId);
  const observer = hint && !args.json ? withHints(createPlainObserver(undefined, { redactor: session.redactor }), hint) : undefined;
  // Without --keep the world goes at the end: "pitstop resume" would find nothing to resume in.
  const code = await driveHeadless(session, args, { operator, advice: args.keep, ...(observer ? { observer } : {}) });
  return { runId: session.runId, code };
}


/** The plain lines, with a guided drill's hint under each step as it starts. */
function withHints(base: RunObserver, hint: (stepId: string) => string | undefined): RunObserver {
  return {
    ...base,
    event(event, state) {
      base.event(event, state);
      const text = event.type === 'step/started' ? hint(event.stepId) : undefined;
      if (text) process.stdout.write(terminalText(`  hint: ${text}\n`));
    },
  };
}
