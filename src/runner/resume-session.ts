// Every action's spec, for the engine: what a journal or a plan names is not known before reading it.
import '../actions/all-specs.js';
import { existsSync } from 'node:fs';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir as runDirOf } from '../config/home.js';
import { targetView } from '../config/sandbox.js';
import { guardState } from '../config/state-home.js';
import { changeRunbook, planRunbookChange, type RunbookChangePlan } from '../engine/runbook-change.js';
import { replay, transition } from '../engine/transition.js';
import type { EventOf, RunEvent } from '../engine/types.js';
import { ConfigError, PitstopError, RunStoppedError, UsageError } from '../errors.js';
import { openJournal, readJournal } from '../journal/journal.js';
import { acquireRunLock } from '../journal/lock.js';
import { latestUnfinished, listRuns, updateRunStatus } from '../journal/run-index.js';
import { resolveRunbook, type LoadedRunbook } from '../runbook/discover.js';
import { secretParamNames } from '../runbook/params.js';
import { createRedactor } from '../util/redact.js';
import { editedCopyName, STARTED_COPY, writeRunbookCopy } from './runbook-copy.js';
import { loadRunbookCopy } from './runbook-copy-load.js';
import { runbookDirs } from './runbook-dirs.js';
import { notifySecrets } from '../notify/send.js';
import { assemble, currentUser, otherTargets, restoreSecretParams, targetsFor, type RunSession } from './session.js';
import { drillResumeArgs } from '../drill/resume-world.js';

/**
 * What resume does when the runbook file was edited since the run began: go on with the
 * version the run went on with so far (`started`), with the edit (`edited`, the explicit
 * `--accept-changed-runbook`), with the edit and the steps added before the point reached run
 * first (`edited-run-added`, the TUI's choice when the plan allows it), or stop and say what
 * changed (`ask`, for the TUI's question).
 *
 * Headless, the default is `started`, said on stderr with the diff: the engineer who resumes
 * expects the run they approved and half did to go on as it was; an edit mid-incident is a
 * separate decision to review, and stopping would strand the recovery on a change nobody
 * asked the run to take.
 */
export type EditedRunbookChoice = 'ask' | 'started' | 'edited' | 'edited-run-added';

/** The runbook changed since the run began and resume needs the operator's choice. */
export class RunbookChangedError extends RunStoppedError {
  constructor(
    message: string,
    readonly plan: RunbookChangePlan,
    /** False for a run from before copies were kept: the version it began with is gone. */
    readonly canKeepStarted: boolean,
    hint: string,
  ) {
    super(message, { hint });
  }
}

/** A resumed session, with what the operator should be told before it goes on. */
export interface ResumedSession extends RunSession {
  /** Lines for stderr: the runbook changed, and which version the run goes on with. */
  notice: string[];
}

/**
 * Rebuilds a run from its journal (README, "Resume"), strictly, against the copy of the
 * runbook the run began with (and the edits accepted since), then journals `run/resumed`.
 * An edit made since is taken only when `edited` says so, and journaled as
 * `run/runbook-changed` with its own copy.
 */
export async function prepareResume(args: CliArgs, opts: { now?: Date; edited?: EditedRunbookChoice } = {}): Promise<ResumedSession> {
  const now = opts.now ?? new Date();
  const choice = opts.edited ?? (args.acceptChangedRunbook ? 'edited' : 'started');
  const home = pitstopHome();
  const runId = args.positionals[0] ?? (await latestUnfinished(home))?.runId;
  if (!runId) throw new UsageError('there is no unfinished run to resume', { hint: 'See `pitstop runs`.' });
  const entry = (await listRuns(home)).find((r) => r.runId === runId);
  const runDir = runDirOf(home, runId);
  const journalFile = `${runDir}/journal.jsonl`;
  if (!existsSync(journalFile)) throw new UsageError(`no run ${runId}`, { hint: 'See `pitstop runs` for the run ids.' });
  const { events, lineOf } = readJournal(journalFile);
  const first = events[0];
  if (!first || first.type !== 'run/started') throw new UsageError(`the journal of ${runId} does not start with run/started`);
  // A run stopped by a failed step is resumable (exit 1); one that finished or was aborted is not.
  const ending = events.findLast((e) => e.type === 'run/finished');
  if (ending?.type === 'run/finished' && ending.status !== 'failed') {
    // An index that could not be updated when the run ended (a full disk) catches up now.
    await updateRunStatus(home, runId, ending.status === 'succeeded' ? 'finished' : ending.status);
    throw new UsageError(`run ${runId} is already over (${ending.status})`, { hint: `See its report: pitstop report ${runId}` });
  }

  const onDisk = loadCurrent(entry?.runbookFile, first.runbookId, args);
  const versions = runbookVersions(runDir, events, lineOf, journalFile);
  const legacy = !versions.started;
  let started = versions.started;
  if (!started) {
    // A run from before copies were kept: the file on disk is the run's runbook only if unchanged.
    if ('error' in onDisk) throw onDisk.error;
    if (onDisk.loaded.hash !== first.runbookHash && choice !== 'edited' && choice !== 'edited-run-added') {
      throw new RunbookChangedError(
        `runbook ${onDisk.loaded.runbook.id} changed since the run began (${onDisk.loaded.file}), and run ${runId} has no copy of the version it began with`,
        { added: [], removed: [], changed: [], renamed: {}, skipped: [], canRunSkipped: false },
        false,
        `Check the change, then go on with it: pitstop resume ${runId} --accept-changed-runbook (or put the original runbook back).`,
      );
    }
    started = onDisk.loaded;
  }

  // A drill's recovery run resumes in the drill's world, if it is still there.
  const targets = await targetsFor(first.drill ? drillResumeArgs(args, home, first.drill, runId, first.runbookId) : args, home);
  const target = targets.getTarget(first.target.name);
  const params = restoreSecretParams(started, first.params, args.set);
  const live: RunEvent[] = [{ ...first, target: targetView(target), params }, ...events.slice(1)];
  let replayed;
  try {
    replayed = replay(started.runbook, live, {
      runbookFor: (hash) => versions.byHash.get(hash)?.runbook,
      locate: (i) => ({ file: journalFile, line: lineOf[i] ?? i + 1, col: 1 }),
    });
  } catch (error) {
    if (!legacy || started.hash === first.runbookHash || !(error instanceof PitstopError)) throw error;
    throw new ConfigError(`${error.message} (replayed against the edited runbook ${started.file})`, {
      ...(error.location ? { location: error.location } : {}),
      hint: 'This run began with another version of the runbook and has no copy of it: put that version back to resume.',
    });
  }
  let state = replayed.state;
  let inEffect = versions.byHash.get(state.runbookHash) ?? started;
  const notice: string[] = [];
  if (legacy && started.hash !== first.runbookHash) {
    notice.push(`runbook ${started.runbook.id} changed since the run began (${started.file}); run ${runId} has no copy of the version it began with, so it goes on with the edited one, as asked`);
  }
  let accepted: EventOf<'run/runbook-changed'> | null = null;

  if ('error' in onDisk) {
    notice.push(`the runbook file cannot be loaded now (${onDisk.error.message}); continuing with the version the run started with`);
  } else if (onDisk.loaded.hash !== inEffect.hash) {
    const edit = onDisk.loaded;
    const plan = planRunbookChange(state, edit.runbook);
    const changedSince = `runbook ${edit.runbook.id} changed since the run began (${edit.file})`;
    if (choice === 'ask') {
      throw new RunbookChangedError(changedSince, plan, true, `Go on with the version the run started with, or with the edited one (pitstop resume ${runId} --accept-changed-runbook).`);
    }
    if (choice === 'started') {
      notice.push(`${changedSince}:`, ...describePlan(plan, 'if accepted'), 'continuing with the version the run started with (--accept-changed-runbook to use the edited one)');
    } else {
      const { added, removed, changed, renamed } = plan;
      const skipped = choice === 'edited-run-added' ? [] : plan.skipped;
      accepted = { type: 'run/runbook-changed', at: now.toISOString(), runbookHash: edit.hash, file: editedCopyName(edit.hash), added, removed, changed, renamed, skipped, by: currentUser() };
      const next = changeRunbook(state, edit.runbook, accepted);
      if (next.misfit !== undefined) {
        throw new UsageError(`cannot go on with the edited runbook: ${next.misfit}`, {
          hint: `Resume without --accept-changed-runbook to settle that step first, then accept the edit: pitstop resume ${runId} --accept-changed-runbook`,
        });
      }
      state = next.state;
      inEffect = edit;
      notice.push(`${changedSince}; going on with the edited version:`, ...describePlan({ ...plan, skipped }, 'so'));
    }
  }

  const others = otherTargets(inEffect, target, targets);
  const secrets = secretParamNames(inEffect.runbook.params).map((n) => String(params[n] ?? ''));
  const notify = targets.notify ?? [];
  const redactor = createRedactor([...target.secrets, ...secrets, ...[...others.values()].flatMap((t) => t.secrets), ...notifySecrets(notify)]);

  const lock = guardState({ what: 'the run lock', dir: runDir, runId }, () => acquireRunLock(runDir));
  // A run from before copies were kept gets one now that the file is known to be its runbook.
  if (legacy && started.hash === first.runbookHash) writeRunbookCopy(runDir, STARTED_COPY, started.source);
  const journal = openJournal(runDir, redactor);
  if (accepted) {
    writeRunbookCopy(runDir, accepted.file, inEffect.source);
    journal.append(accepted);
  }
  const resumed: RunEvent = { type: 'run/resumed', at: now.toISOString(), by: currentUser() };
  journal.append(resumed);
  await updateRunStatus(home, runId, 'running');
  const session = assemble({ runId, runDir, home, loaded: inEffect, target, others, redactor, journal, lock, start: transition(state, resumed), announced: accepted ? [accepted, resumed] : [resumed], before: replayed.state, notify });
  session.restoredFrom = live;
  return Object.assign(session, { notice });
}

/** The runbook file as it is now, or why it cannot be loaded. */
function loadCurrent(file: string | undefined, runbookId: string, args: CliArgs): { loaded: LoadedRunbook } | { error: PitstopError } {
  try {
    return { loaded: resolveRunbook(file && existsSync(file) ? file : runbookId, runbookDirs(args)) };
  } catch (error) {
    if (error instanceof PitstopError) return { error };
    throw error;
  }
}

/** The copies a run keeps: the version it began with, and each edit accepted since, by hash. */
function runbookVersions(runDir: string, events: RunEvent[], lineOf: number[], journalFile: string) {
  const first = events[0] as EventOf<'run/started'>;
  const started = loadRunbookCopy(runDir, STARTED_COPY, first.runbookHash);
  const byHash = new Map<string, LoadedRunbook>();
  if (started) byHash.set(started.hash, started);
  events.forEach((event, i) => {
    if (event.type !== 'run/runbook-changed') return;
    const copy = loadRunbookCopy(runDir, event.file, event.runbookHash);
    if (!copy) {
      throw new ConfigError(`the run went on with an edited runbook whose copy ${event.file} is missing`, {
        location: { file: journalFile, line: lineOf[i] ?? i + 1, col: 1 },
        hint: 'The run directory was changed after the run began; keep it for the record and start a new run.',
      });
    }
    byHash.set(copy.hash, copy);
  });
  return { started, byHash };
}

/** The change in a few lines, by step id. */
export function describePlan(plan: RunbookChangePlan, mood: 'if accepted' | 'so'): string[] {
  const lines: string[] = [];
  if (plan.added.length) lines.push(`  added: ${plan.added.join(', ')}`);
  if (plan.removed.length) lines.push(`  removed: ${plan.removed.join(', ')}`);
  if (plan.changed.length) lines.push(`  changed: ${plan.changed.join(', ')}`);
  const renamed = Object.entries(plan.renamed);
  if (renamed.length) lines.push(`  renamed (keeps what it did): ${renamed.map(([to, from]) => `${from} → ${to}`).join(', ')}`);
  if (plan.skipped.length) lines.push(`  ${mood === 'so' ? 'skipped' : 'skipped if accepted'} (added after the run passed this point): ${plan.skipped.join(', ')}`);
  if (lines.length === 0) lines.push('  no step added, removed, changed or renamed (other fields differ)');
  return lines;
}
