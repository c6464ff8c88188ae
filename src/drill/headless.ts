import type { CliArgs } from '../cli-args.js';
import { createFlagOperator } from '../runner/operator.js';
import { currentUser } from '../runner/session.js';
import { createAutoOperator, withApplication } from './auto-operator.js';
import { recoverWorld } from './child-runs.js';
import type { DrillFrontEnd } from './front-end.js';
import { hintFor } from './hints.js';
import { createDrillOutput } from './output.js';
import { terminalText } from '../util/terminal-text.js';

/**
 * The headless drill: events as plain lines or NDJSON; the recovery run answered by `--auto`
 * (every input from the fault's facts, every gate) or by the flags (`--set`, `--yes`, `--confirm`).
 */
export function headlessFrontEnd(args: CliArgs): DrillFrontEnd {
  const out = createDrillOutput(args.json);
  // --guided in plain output: a hint for the parameters, then under each step (counted once each).
  const shown = new Set<string>();
  const guide = (runbookId: string) => (stepId: string) => {
    const text = hintFor(runbookId, stepId);
    if (text) shown.add(stepId);
    return text;
  };
  return {
    interactive: false,
    event: (event) => out.event(event),
    hintsShown: () => shown.size,
    async recover(request) {
      const hint = args.guided && !args.json ? guide(request.runbookId) : undefined;
      const forParams = hint?.('params');
      if (forParams) process.stdout.write(terminalText(`hint (parameters): ${forParams}\n`));
      const user = currentUser();
      const answering = args.auto ? createAutoOperator(request.answers, user) : createFlagOperator({ yes: args.yes, confirm: args.confirm, markDone: args.markDone, set: args.set }, user);
      const set = args.auto ? { ...request.answers, ...args.set } : args.set;
      return recoverWorld(args, request.configFile, request.runbookId, request.drillId, set, withApplication(answering, request.writer, request.repoint), request.started, hint);
    },
  };
}
