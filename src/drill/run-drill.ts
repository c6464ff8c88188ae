import { join } from 'node:path';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir } from '../config/home.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { createRunId } from '../journal/run-id.js';
import { resolveRunbookCached } from '../runbook/resolve-cached.js';
import { runbookDirs } from '../runner/runbook-dirs.js';
import { EXIT } from '../errors.js';
import { exitCodeOf, type StopSignal } from '../runner/stop-signals.js';
import { parseDuration } from '../util/duration.js';
import { choosePgRandomBackup, chooseRandomBackup, RANDOM_BACKUPS, type BackupChoice } from './backup-choice.js';
import { backUpWorld } from './child-runs.js';
import type { DrillFrontEnd } from './front-end.js';
import { onStopSignal, requireAnswers } from './guards.js';
import { drillsDir, openDrillJournal, type DrillEvent } from './journal.js';
import { fingerprintOf } from './libsql-keys.js';
import type { LibsqlWorld } from './libsql-world.js';
import type { PgWorld } from './pg-world.js';
import { headlessFrontEnd } from './headless.js';
import { recoveryOf } from './recovery-result.js';
import { followRestore } from './repoint.js';
import type { DrillScenario } from './scenarios.js';
import { scoreDrill, type DrillScore } from './score.js';
import type { DrillWorld, Fault } from './types.js';
import type { FromTarget } from './from-target-source.js';
import { buildWorld, removeWorld } from './worlds.js';
import { startWriter, type Writer } from './writer.js';

/** Rows the application commits before the fault: the page's log shows them, the snapshot lacks them. */
const ROWS_BEFORE_FAULT = 3;

/**
 * One drill: world, backup run, fingerprint, application, fault, page, recovery run, score,
 * clean-up, the same sequence headless and in the TUI (`front` shows the events and drives the
 * recovery run). Every step is journaled in the drill's journal (`journal.ts`).
 * Returns the score and the exit code: 0 validated within the SLA, 1 not, 128+n when a
 * signal paused the recovery. A drill that cannot get as far as scoring throws.
 */
export async function runDrill(args: CliArgs, scenario: DrillScenario, faultKind: string, front: DrillFrontEnd = headlessFrontEnd(args), fromTarget?: FromTarget): Promise<{ score: DrillScore; exitCode: number }> {
  const home = pitstopHome();
  const loaded = await resolveRunbookCached(scenario.runbookId, runbookDirs(args), home);
  if (!args.auto && !front.interactive) requireAnswers(loaded.runbook, scenario.runbookId, args.set, fromTarget ? (fromTarget.target.params?.[scenario.runbookId] ?? {}) : undefined);
  const drillId = createRunId(scenario.runbookId, new Date());
  const dir = join(drillsDir(home), drillId);
  const journal = openDrillJournal(dir);
  const at = () => new Date().toISOString();
  const emit = (event: DrillEvent) => {
    journal.append(event);
    front.event(event);
  };
  emit({ type: 'drill/started', at: at(), drillId, runbookId: scenario.runbookId, fault: faultKind, engine: scenario.engine, auto: args.auto, ...(args.guided ? { guided: true } : {}) });
  const worldDir = join(dir, 'world');
  let world: DrillWorld | undefined;
  let fault: Fault | undefined;
  let writer: Writer | undefined;
  let unfinishedRun: string | undefined;
  // Outside the recovery run (which pauses itself on a signal), a signal ends the drill at once:
  // the world goes (unless --keep); the exit hook stops the application and every helper.
  const interrupted = (signal: StopSignal) => {
    journal.append({ type: 'drill/failed', at: at(), error: `interrupted by ${signal}` });
    if (!args.keep) removeWorld(worldDir);
    process.exit(exitCodeOf(signal));
  };
  let release = onStopSignal(interrupted);
  front.attach?.(interrupted);
  try {
    const kit = await buildWorld(scenario, faultKind, worldDir, new Date(), home, fromTarget);
    world = kit.world;
    fault = kit.fault;
    // Started now, written from only after the fingerprint: its start-up overlaps the backup.
    writer = startWriter(kit.application);
    const backupRunId = await backUpWorld(args, world.configFile, scenario.backupRunbook, drillId);
    emit({ type: 'drill/world', at: at(), dir: world.dir, backupRunId, ...(kit.schema ? { schema: kit.schema } : {}) });
    const backup = args.backup === 'random' ? await randomBackup(args, world, scenario.backupRunbook, drillId, backupRunId) : undefined;
    if (backup) emit({ type: 'drill/backup', at: at(), ...backup });

    const before = await world.keys();
    const fingerprintAt = Date.now();
    emit({ type: 'drill/fingerprint', at: at(), tables: fingerprintOf(before) });
    await writer.begin();
    await writer.waitForRows(ROWS_BEFORE_FAULT);

    const facts = await kit.fault.inject(world, writer.rows(), writer);
    const { keys, ...shown } = facts;
    emit({ type: 'drill/fault', at: facts.at, facts: { ...shown, rows: keys?.length ?? 0 } });
    // The application keeps writing: the log excerpt shows rows after the fault too.
    if (!kit.fault.applicationStops) await writer.waitForRows(writer.rows().length + 1);
    const page = kit.fault.page(facts, writer.rows(), scenario.runbookId, Date.now());
    emit({ type: 'drill/page', at: at(), ...page });

    const declared = new Set([...Object.keys(loaded.runbook.params ?? {}), ...loaded.runbook.steps.flatMap((s) => (s.kind === 'input' ? Object.keys(s.params) : []))]);
    const answers = Object.fromEntries(Object.entries(kit.fault.answers(facts, world)).filter(([name]) => declared.has(name)));
    let recoveryRunId: string | undefined;
    const repoint = followRestore(home, () => recoveryRunId, writer, world);
    release();
    const { runId, code } = await front.recover({
      args,
      drillId,
      runbookId: scenario.runbookId,
      configFile: world.configFile,
      page,
      answers,
      writer,
      repoint,
      started: (id) => {
        recoveryRunId = id;
        emit({ type: 'drill/recovery', at: at(), runId: id });
      },
    });
    release = onStopSignal(interrupted);
    if (code !== EXIT.ok) unfinishedRun = runId;

    const written = await writer.stop();
    const after = await world.keys();
    const sla = loaded.runbook.sla ?? {};
    const scored = scoreDrill({
      fingerprintAt,
      before,
      written,
      after,
      faultAt: Date.parse(facts.at),
      run: recoveryOf(runId, readJournal(journalPath(runDir(home, runId)), { upTo: 'first-damage' }).events),
      sla: { ...(sla.rto ? { rtoMs: parseDuration(sla.rto) } : {}), ...(sla.rpo ? { rpoMs: parseDuration(sla.rpo) } : {}) },
    });
    const score: DrillScore = {
      ...scored,
      ...(args.guided ? { guided: true, hintsShown: front.hintsShown?.() ?? 0 } : {}),
      ...(backup ? { backup: { choice: backup.choice, snapshot: backup.snapshot, takenAt: backup.takenAt, candidates: backup.candidates } } : {}),
    };
    emit({ type: 'drill/scored', at: at(), drillId, runbookId: scenario.runbookId, fault: faultKind, score });
    // A recovery paused by a signal is scored (not validated) and exits as the signal says.
    return { score, exitCode: code > 128 ? code : score.passed ? EXIT.ok : EXIT.stepFailed };
  } catch (error) {
    journal.append({ type: 'drill/failed', at: at(), error: (error as Error).message });
    throw error;
  } finally {
    release();
    await writer?.stop();
    await fault?.close?.();
    await world?.close();
    if (!args.keep) removeWorld(worldDir);
    emit({ type: 'drill/cleaned', at: at(), kept: args.keep, dir: worldDir, writerFailures: writer?.failures().length ?? 0, ...(unfinishedRun ? { unfinishedRun } : {}) });
  }
}

/** `--backup random`: more backup runs, then one verified backup chosen at random to restore from. */
async function randomBackup(args: CliArgs, world: DrillWorld, backupRunbook: string, drillId: string, first: string): Promise<BackupChoice & { backupRunIds: string[] }> {
  const backupRunIds = [first];
  while (backupRunIds.length < RANDOM_BACKUPS) backupRunIds.push(await backUpWorld(args, world.configFile, backupRunbook, drillId));
  const chosen = world.engine === 'libsql' ? await chooseRandomBackup(world as LibsqlWorld, Math.random, new Date()) : choosePgRandomBackup(world as PgWorld, Math.random, new Date());
  return { ...chosen, backupRunIds };
}
