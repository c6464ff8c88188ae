import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** Everything the command line can say, parsed once. Commands read only what they need. */
export interface CliArgs {
  command: string | null;
  positionals: string[];
  config: string | undefined;
  runbooks: string[];
  target: string | undefined;
  set: Record<string, string>;
  confirm: string[];
  /** Interrupted steps the operator checked and declares done (`--mark-done STEP`). */
  markDone: string[];
  yes: boolean;
  /** `resume`: go on with the runbook as edited since the run began (never implied by --yes). */
  acceptChangedRunbook: boolean;
  dryRun: boolean;
  plain: boolean;
  json: boolean;
  format: string | undefined;
  output: string | undefined;
  engine: string | undefined;
  metricsFile: string | undefined;
  /** `drill`: the fault to inject (default: the runbook's natural one). */
  fault: string | undefined;
  /** `drill`: answer every input from the fault's facts and approve every gate (CI). */
  auto: boolean;
  /** `drill`: keep the drill's world for inspection. */
  keep: boolean;
  /** `drill --from-target NAME`: the world gets that target's schema (never its rows). */
  fromTarget: string | undefined;
  /** `drill --rows N`: rows generated per table with --from-target (checked by the drill). */
  rows: string | undefined;
  /** `drill`: a hint under each step of the recovery (the default for a first drill from Practice). */
  guided: boolean;
  /** `drill`: which backup the recovery restores from: the newest, or one chosen at random among the verified ones. */
  backup: 'newest' | 'random';
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  config: { type: 'string' },
  runbooks: { type: 'string', multiple: true },
  target: { type: 'string' },
  set: { type: 'string', multiple: true },
  confirm: { type: 'string', multiple: true },
  'mark-done': { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  'accept-changed-runbook': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  plain: { type: 'boolean' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  engine: { type: 'string' },
  'metrics-file': { type: 'string' },
  fault: { type: 'string' },
  auto: { type: 'boolean' },
  keep: { type: 'boolean' },
  'from-target': { type: 'string' },
  rows: { type: 'string' },
  guided: { type: 'boolean' },
  backup: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function backupChoice(value: string | undefined): CliArgs['backup'] {
  if (value === undefined || value === 'newest' || value === 'random') return value ?? 'newest';
  throw new UsageError(`--backup ${value}: expected newest or random`, { hint: 'random restores from a verified backup chosen at random; newest (the default) from the latest.' });
}

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^.*?: /, ''), { hint: 'Run `pitstop --help` for the options.' });
  }
  const { values, positionals } = parsed;
  const set: Record<string, string> = {};
  for (const pair of values.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${pair}: expected KEY=VALUE`, { hint: 'Example: --set table=tickets' });
    set[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    command: positionals[0] ?? null,
    positionals: positionals.slice(1),
    config: values.config,
    runbooks: values.runbooks ?? [],
    target: values.target,
    set,
    confirm: values.confirm ?? [],
    markDone: values['mark-done'] ?? [],
    yes: values.yes ?? false,
    acceptChangedRunbook: values['accept-changed-runbook'] ?? false,
    dryRun: values['dry-run'] ?? false,
    plain: values.plain ?? false,
    json: values.json ?? false,
    format: values.format,
    output: values.output,
    engine: values.engine,
    metricsFile: values['metrics-file'],
    fault: values.fault,
    auto: values.auto ?? false,
    keep: values.keep ?? false,
    fromTarget: values['from-target'],
    rows: values.rows,
    guided: values.guided ?? false,
    backup: backupChoice(values.backup),
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

export const USAGE = `pitstop — interactive runbooks for database incidents

Usage:
  pitstop                          home: runbooks and unfinished runs (TUI)
  pitstop list [--json]            runbooks found: id, title, scenario, engine, file
  pitstop lint [PATH...]           validate runbooks and pitstop.yaml (FILE:LINE:COL: message)
  pitstop schema [runbook|targets] JSON Schema of the runbook format or of pitstop.yaml
  pitstop run RUNBOOK [options]    run a runbook (TUI on a terminal, plain lines otherwise)
      --target NAME                target from pitstop.yaml (default: the only one, or the sandbox)
      --set KEY=VALUE              set a parameter (repeatable)
      --dry-run                    show every resolved command and query; run nothing
      --yes                        approve ordinary confirmation gates
      --confirm PHRASE             answer a typed gate (repeatable); --yes never passes one.
                                   One answer approves one execution of each step: a retry,
                                   a goto revisit or a rerun needs the phrase again
                                   (--confirm X --confirm X approves two executions)
      --mark-done STEP             a step interrupted while it ran did its work (you checked):
                                   record it as done, never run it again (repeatable)
      --plain | --json             plain lines / NDJSON events instead of the TUI
  pitstop resume [RUN_ID]          continue an unfinished run (the latest if omitted); same options as run.
                                   It goes on with the runbook as it was when the run began
      --accept-changed-runbook     go on with the runbook as edited since then: finished steps
                                   stay finished, steps added before the point reached are skipped
  pitstop runs [--json]            run history
  pitstop report RUN_ID [--format md|json] [-o FILE]   the incident timeline
  pitstop drill RUNBOOK [options]  rehearse: build a throwaway world, break it, recover it with
                                   the runbook, score RTO/RPO against its SLA (exit 1: not met)
      --fault KIND                 the fault (default: the runbook's own): delete, truncate,
                                   page, heap-page, index-page, lost-file, lost-data-dir, stopped, hung
      --auto                       answer inputs from the fault's facts, approve every gate (CI)
      --keep                       keep the world (under $PITSTOP_HOME/drills/ID/world)
      --from-target NAME           the world gets that target's schema (read-only; no row of
                                   it is read) filled with generated rows, and its data:/params:
      --rows N                     rows generated per table with --from-target (default 2000)
      --guided                     a hint under each step: what to look at, why, where the answer is
      --backup newest|random       restore from the newest backup, or one chosen at random among
                                   the verified ones in the retention window (older backups restore too)
      --plain | --json             plain lines / NDJSON events (drill/… and the run's)
  pitstop drills [--json]          drill history: score per drill; per runbook last, best, trend

Global options:
  --config FILE     targets file (default ./pitstop.yaml; its fields: docs/targets.md)
  --runbooks DIR    more runbooks (repeatable; ./runbooks and the shipped ones are always searched)
  --help, --version

Exit codes: 0 finished · 1 a step failed (resumable) · 2 usage, config or lint error ·
            3 stopped at a gate or by the operator (resumable) ·
            4 the state home cannot be written (full disk, read-only, damaged runs.json):
              fix it, then pitstop resume ID ·
            130 SIGINT, 143 SIGTERM, 129 SIGHUP: the running step's processes were stopped
            and the run paused (resumable); a second signal leaves at once
State lives under $PITSTOP_HOME (default: ~/.local/state/pitstop).`;
