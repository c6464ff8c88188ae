import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadActionSpecs } from '../actions/registry.js';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir as runDirOf } from '../config/home.js';
import { loadTargets } from '../config/targets.js';
import { ensureSandbox, targetView } from '../config/sandbox.js';
import type { Target } from '../config/schema.js';
import { replay, startRun, transition } from '../engine/transition.js';
import type { Ending } from '../engine/ending.js';
import type { EventOf, ParamValue, RunEvent, RunState, Transition } from '../engine/types.js';
import type { NotifyHook } from '../config/schema.js';
import { notifySecrets } from '../notify/send.js';
import { notifyRunEnd } from './notify-end.js';
import { recordingArtifacts } from './record-artifacts.js';
import { RunStoppedError, UsageError } from '../errors.js';
import { guardState, withNextStep } from '../config/state-home.js';
import { createCommandExecutor } from '../executors/command.js';
import { createRunId } from '../journal/run-id.js';
import { openJournal, readJournal } from '../journal/journal.js';
import { acquireRunLock } from '../journal/lock.js';
import { checkRunIndex, latestUnfinished, listRuns, updateRunStatus } from '../journal/run-index.js';
import type { LoadedRunbook } from '../runbook/load.js';
import { resolveRunbookCached } from '../runbook/resolve-cached.js';
import { parseParamValue, resolveParams, secretParamNames } from '../runbook/params.js';
import { targetParamValues } from '../runbook/target-params.js';
import { seedSandbox } from '../sandbox/seed.js';
import { createRedactor, type Redactor } from '../util/redact.js';
import { createConnections } from './connections.js';
import { createRunOnDisk } from './new-run-dir.js';
import type { LoopDeps, RunObserver } from './loop.js';
import type { Operator } from './operator.js';
import { checkRequirements } from './target-requires.js';
import { preflight } from './preflight.js';
import { precheckBeforeStepOne } from './precheck.js';
import { STARTED_COPY, writeRunbookCopy } from './runbook-copy.js';
import { runbookDirs } from './runbook-dirs.js';
import { chooseTarget, type LoadedTargets } from './target-choice.js';

/** Everything a prepared run needs: where the engine stands, and the edges to act through. */
export interface RunSession {
  runId: string;
  runDir: string;
  home: string;
  loaded: LoadedRunbook;
  target: Target;
  redactor: Redactor;
  start: Transition;
  /** The events journaled while preparing (`run/started`, or `run/resumed`): drivers show them first. */
  announced: RunEvent[];
  /** A resumed run's state as its journal replayed, before this process added to it: drivers do not tell its skips again. */
  before?: RunState;
  deps(operator: Operator, observer: RunObserver, signal: AbortSignal): LoopDeps;
  /** Record how the run ended in the index; release the lock; close connections. */
  finish(status: string): Promise<void>;
  /** Tell the `notify:` hooks how the run ended (before `finish`); the failures, journaled, to print. */
  announceEnd(ending: Ending): Promise<Array<EventOf<'notify/failed'>>>;
}

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}

/** The targets of pitstop.yaml (or the sandbox). */
export async function targetsFor(args: CliArgs, home: string) {
  return loadTargets({ ...(args.config === undefined ? {} : { file: args.config }), home });
}

/**
 * Loads, validates and checks everything before the first event is written, the steps'
 * preconditions included (`precheckBeforeStepOne`). `marks.startAnyway`: the operator chose to start although a step's precondition does not
 * hold (that step is checked again when it is reached).
 */
export async function prepareNewRun(args: CliArgs, now = new Date(), marks: { drill?: string; startAnyway?: boolean } = {}): Promise<RunSession> {
  const runbookRef = args.positionals[0];
  if (!runbookRef) throw new UsageError('which runbook? `pitstop run RUNBOOK`', { hint: 'See `pitstop list`.' });
  const home = pitstopHome();
  const loaded = await resolveRunbookCached(runbookRef, runbookDirs(args), home);
  // Only the specs of the actions this runbook uses: one without action steps loads none.
  await loadActionSpecs(loaded.runbook.steps.flatMap((step) => (step.kind === 'action' ? [step.action] : [])));
  const targets = await targetsFor(args, home);
  const target = chooseTarget(targets, args.target, loaded.runbook);
  await checkRunIndex(home);
  if (target.builtin) await ensureSandbox(home, seedSandbox);

  const params = checkParams(loaded, args.set, targetParamValues(loaded.runbook, target, { given: args.set, file: targets.file, locate: targets.locate }));
  const others = otherTargets(loaded, target, targets);
  const secrets = secretParamNames(loaded.runbook.params).map((n) => String(params[n] ?? ''));
  const notify = targets.notify ?? [];
  const redactor = createRedactor([...target.secrets, ...secrets, ...[...others.values()].flatMap((t) => t.secrets), ...notifySecrets(notify)]);
  preflight(loaded.runbook);
  const view = targetView(target);
  checkRequirements(loaded.runbook, view);

  const runId = createRunId(loaded.runbook.id, now);
  const runDir = runDirOf(home, runId);
  const started: EventOf<'run/started'> = {
    type: 'run/started',
    at: now.toISOString(),
    runId,
    runbookId: loaded.runbook.id,
    runbookHash: loaded.hash,
    target: view,
    params,
    by: currentUser(),
    ...(marks.drill ? { drill: marks.drill } : {}),
  };
  const start = startRun(loaded.runbook, started);
  if (!marks.startAnyway) await precheckBeforeStepOne(start.state, target);
  const { lock, journal } = await createRunOnDisk({
    // The copy first: a journal that names the run has the runbook it replays against.
    runbookCopy: { name: STARTED_COPY, source: loaded.source },
    home,
    runDir,
    redactor,
    started,
    record: {
      runId,
      runbookId: loaded.runbook.id,
      runbookFile: loaded.file,
      runbookHash: loaded.hash,
      target: target.name,
      startedAt: started.at,
      status: 'running',
      updatedAt: started.at,
    },
  });
  return assemble({ runId, runDir, home, loaded, target, others, redactor, journal, lock, start, announced: [started], notify });
}

/**
 * Other configured targets that steps name with `on:`, resolved now so that their secrets
 * are masked from the first line, and a missing one is reported before anything runs.
 */
export function otherTargets(loaded: LoadedRunbook, target: Target, targets: LoadedTargets): Map<string, Target> {
  const names = new Set<string>();
  for (const step of loaded.runbook.steps) {
    const on = 'on' in step ? step.on : undefined;
    if (on && on !== target.name && on !== 'restored' && !on.includes('{{')) names.add(on);
  }
  return new Map([...names].map((name) => [name, targets.getTarget(name)]));
}

function checkParams(loaded: LoadedRunbook, given: Record<string, string>, fromTarget: Record<string, ParamValue>): Record<string, ParamValue> {
  const inputSpecs = Object.fromEntries(loaded.runbook.steps.flatMap((s) => (s.kind === 'input' ? Object.entries(s.params) : [])));
  const inputNames = Object.keys(inputSpecs);
  const runbookGiven = Object.fromEntries(Object.entries(given).filter(([k]) => !inputNames.includes(k)));
  const { values, missing, errors, unknown } = resolveParams(loaded.runbook.params, runbookGiven, fromTarget);
  // Values for later input steps are checked now too: better refused here than half-way.
  for (const [name, raw] of Object.entries(given)) {
    const spec = inputSpecs[name];
    if (!spec) continue;
    const check = parseParamValue(name, spec, raw);
    if (!check.ok) errors[name] = check.error;
  }
  const known = [...Object.keys(loaded.runbook.params ?? {}), ...inputNames];
  if (unknown.length > 0) {
    throw new UsageError(`unknown parameter ${unknown.join(', ')} for runbook ${loaded.runbook.id}`, {
      hint: known.length ? `Its parameters: ${known.join(', ')}.` : 'This runbook takes no parameters.',
    });
  }
  const problems = Object.entries(errors).map(([k, e]) => `${k}: ${e}`);
  if (problems.length > 0) throw new UsageError(problems.join('\n'), { hint: 'Fix the --set values and run again.' });
  if (missing.length > 0) {
    throw new UsageError(`missing required parameter ${missing.join(', ')}`, {
      hint: missing.map((m) => `--set ${m}=…`).join(' ') + ` (${missing.map((m) => loaded.runbook.params?.[m]?.prompt ?? m).join('; ')})`,
    });
  }
  return values;
}

/** Secret values are never journaled, so a resume must be given them again. */
export function restoreSecretParams(
  loaded: LoadedRunbook,
  journaled: Record<string, ParamValue>,
  given: Record<string, string>,
): Record<string, ParamValue> {
  const params = { ...journaled };
  const missing: string[] = [];
  const refused: string[] = [];
  for (const name of secretParamNames(loaded.runbook.params)) {
    if (!(name in journaled)) continue;
    const check = given[name] === undefined ? undefined : parseParamValue(name, loaded.runbook.params![name]!, given[name]!);
    if (check === undefined) missing.push(name);
    else if (check.ok) params[name] = check.value;
    else refused.push(`${name}: ${check.error}`);
  }
  if (refused.length > 0) throw new UsageError(refused.join('\n'), { hint: 'Pass the secret again with --set, as given when the run began.' });
  if (missing.length > 0) {
    throw new UsageError(`secret parameter ${missing.join(', ')} is not kept in the journal`, {
      hint: `Pass it again: ${missing.map((m) => `--set ${m}=…`).join(' ')}`,
    });
  }
  return params;
}

/** What a session is assembled from. */
export interface Parts {
  runId: string;
  runDir: string;
  home: string;
  loaded: LoadedRunbook;
  target: Target;
  others: ReadonlyMap<string, Target>;
  redactor: Redactor;
  journal: { append(event: RunEvent): void; close(): void };
  lock: { release(): void };
  start: Transition;
  announced: RunEvent[];
  before?: RunState;
  /** The webhooks of pitstop.yaml's `notify:` (none for the sandbox). */
  notify?: readonly NotifyHook[];
}

/** A session from its parts: the edges (connections, commands, journal) a run acts through. */
export function assemble(given: Parts): RunSession & { restoredFrom?: RunEvent[] } {
  const parts = { ...given, journal: recordingArtifacts(given.journal, given) };
  const connections = createConnections(parts.target, parts.redactor, parts.others);
  const commands = createCommandExecutor({ redactor: parts.redactor });
  const session: RunSession & { restoredFrom?: RunEvent[] } = {
    ...parts,
    deps(operator, observer, signal) {
      // A restored copy made before a crash is reachable again after resume.
      for (const event of session.restoredFrom ?? []) {
        const restored = event.type === 'step/finished' ? (event.outputs?.['restored'] as never) : undefined;
        if (restored) connections.registerRestored(restored);
      }
      return {
        target: parts.target,
        runId: parts.runId,
        runDir: parts.runDir,
        commands,
        connections,
        journal: parts.journal,
        operator,
        observer,
        redactor: parts.redactor,
        signal,
        clock: () => new Date(),
        now: () => performance.now(),
        sleep: (ms, abort) => sleep(ms, abort),
      };
    },
    announceEnd(ending) {
      return notifyRunEnd({ runId: parts.runId, runbookId: parts.loaded.runbook.id, targetName: parts.target.name, notify: parts.notify ?? [], journal: parts.journal, redactor: parts.redactor }, ending);
    },
    async finish(status) {
      try {
        await updateRunStatus(parts.home, parts.runId, status);
      } catch (error) {
        // A run that is over cannot be resumed: its journal is complete; only the index lags.
        throw status === 'finished' || status === 'aborted' ? withNextStep(error, `pitstop resume ${parts.runId} (the run is ${status}: that only brings the run index up to date)`) : error;
      } finally {
        parts.journal.close();
        parts.lock.release();
        await connections.close();
      }
    },
  };
  return session;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
