import type { FromTarget } from '../drill/from-target-source.js';
import type { RunbookChangePlan } from '../engine/runbook-change.js';
import type { ParamSpec } from '../runbook/schema.js';
import { EXIT, PitstopError, PreconditionError, RunStoppedError } from '../errors.js';
import type { RunController, RunEnd } from '../runner/run-controller.js';
import type { DrillController } from './drill-flow.js';
import type { HomeData } from './home-data.js';

/** A problem to show on screen: the message and what to do about it. */
export interface Problem {
  message: string;
  hint?: string;
}

/** The parameters a runbook asks before it starts. */
export interface ParamsRequest {
  id: string;
  title: string;
  specs: Record<string, ParamSpec>;
  /** Values already given (--set) or defaults, as text for the form. */
  initial: Record<string, string>;
  /** What an empty field stands for, and where that comes from (the target's `params:` or the runbook). */
  fallbacks?: Record<string, ParamFallback>;
  /** Names with no value yet that the runbook requires. */
  missing: string[];
}

/** The value an empty field takes: the target's `params:` entry, else the runbook's default. */
export interface ParamFallback {
  value: string;
  /** `target shop` or `runbook`, shown next to the value. */
  source: string;
}

/** The edges the app reaches through: runbooks, runs and sessions on disk. */
export interface Launcher {
  loadHome(): Promise<HomeData>;
  /** Backup health, one line per target, for the home screen's panel (asked each time home opens). */
  backupHealth?(): Promise<string[]>;
  runbookParams(id: string): Promise<ParamsRequest>;
  /** `startAnyway`: although a step's precondition does not hold (refused otherwise with a PreconditionError). */
  startRun(id: string, values: Record<string, string>, options?: { startAnyway?: boolean }): Promise<RunController>;
  /** `edited`: what to do when the runbook changed since the run began (`ask` throws RunbookChangedError). */
  resume(runId: string | undefined, edited: 'ask' | 'started' | 'edited' | 'edited-run-added'): Promise<RunController>;
  /** A drill of `runbookId` (its scenario checked now, its world built once it runs). */
  startDrill?(runbookId: string, options: DrillOptions): Promise<DrillController>;
}

/** How a drill is started: `--fault`, `--guided` (hints under each step), `--from-target` (already checked). */
export interface DrillOptions {
  fault?: string;
  guided?: boolean;
  fromTarget?: FromTarget;
}

export type StartWith = { kind: 'home'; /** The list starts filtered (`pitstop drill` on a terminal: `practice`). */ filter?: string } | { kind: 'run'; runbook: string } | { kind: 'resume'; runId?: string } | { kind: 'drill'; runbook: string; options: DrillOptions };

export type FlowView =
  | { screen: 'loading'; message: string }
  | { screen: 'home'; home: HomeData; problem?: Problem; filter?: string }
  | { screen: 'params'; request: ParamsRequest; fromHome: boolean; problem?: Problem }
  | { screen: 'changed'; runId: string | undefined; problem: Problem; fromHome: boolean; plan: RunbookChangePlan; canKeepStarted: boolean }
  | { screen: 'cannot-start'; id: string; values: Record<string, string>; fromHome: boolean; problem: Problem; runFirst?: string }
  | { screen: 'run'; controller: RunController }
  | { screen: 'drill'; drill: DrillController }
  | { screen: 'done'; code: number; end?: RunEnd; error?: unknown; controller?: RunController; drill?: DrillController };

/**
 * What the app shows around a run, outside React: home, the parameter form, the question
 * about a runbook changed since a run began, the run itself, the end. Screens call its
 * methods; only the root leaves when it reaches `done`.
 */
export interface AppFlow {
  subscribe(listener: () => void): () => void;
  getSnapshot(): FlowView;
  begin(): void;
  openRunbook(id: string): void;
  openRun(runId: string): void;
  /** A drill from home's Practice section (or `pitstop drill RUNBOOK` on a terminal). */
  openDrill(runbookId: string, options: DrillOptions): void;
  submitParams(values: Record<string, string>): void;
  /** The answer to "the runbook changed since the run began": which version to go on with, or cancel. */
  chooseChanged(choice: 'started' | 'edited' | 'edited-run-added' | 'cancel'): void;
  /** The answer to "this runbook cannot run yet": run the runbook that provides it, start anyway, or back. */
  chooseCannotStart(choice: 'run-first' | 'start-anyway' | 'back'): void;
  /** Esc from a form or question: back home, or out when the app did not start there. */
  back(): void;
  quit(): void;
  /**
   * A step cannot run until another runbook provides what it needs: once the run on screen
   * has stopped (resumable), open that runbook's form.
   */
  runFirst(runbookId: string): void;
}

export function createAppFlow(launcher: Launcher, start: StartWith): AppFlow {
  const listeners = new Set<() => void>();
  let view: FlowView = { screen: 'loading', message: 'loading…' };
  let home: HomeData | null = null;
  let next: string | null = null;
  const set = (next: FlowView) => {
    view = next;
    for (const listener of [...listeners]) listener();
  };

  /** Errors on the way in: back to home with the message, or out (the CLI prints it). */
  const fail = (error: unknown, fromHome: boolean) => {
    if (fromHome && home && error instanceof PitstopError) {
      set({ screen: 'home', home, problem: { message: error.message, ...(error.hint ? { hint: error.hint } : {}) } });
    } else set({ screen: 'done', code: error instanceof PitstopError ? error.exitCode : 1, error });
  };

  const showHome = async (problem?: Problem) => {
    set({ screen: 'loading', message: 'looking for runbooks and unfinished runs…' });
    try {
      home = await launcher.loadHome();
      const filter = start.kind === 'home' ? start.filter : undefined;
      set({ screen: 'home', home: launcher.backupHealth ? { ...home, health: 'checking' } : home, ...(problem ? { problem } : {}), ...(filter ? { filter } : {}) });
      if (launcher.backupHealth) void refreshHealth(launcher.backupHealth);
    } catch (error) {
      fail(error, false);
    }
  };

  // The panel fills in when the status is known; by then the operator may have moved on.
  const refreshHealth = async (check: () => Promise<string[]>) => {
    let health: string[];
    try {
      health = await check();
    } catch (error) {
      health = [`backup health unknown: ${(error as Error).message}`];
    }
    if (!home) return;
    home = { ...home, health };
    if (view.screen === 'home') set({ ...view, home });
  };

  const drive = async (controller: RunController) => {
    set({ screen: 'run', controller });
    try {
      const end = await controller.run();
      if (next !== null) {
        const id = next;
        next = null;
        return void (await openRunbook(id, true));
      }
      set({ screen: 'done', code: end.exitCode, end, controller });
    } catch (error) {
      set({ screen: 'done', code: 1, error });
    }
  };

  const startRun = async (id: string, values: Record<string, string>, fromHome: boolean, startAnyway = false) => {
    set({ screen: 'loading', message: `starting ${id}…` });
    try {
      await drive(await launcher.startRun(id, values, startAnyway ? { startAnyway } : undefined));
    } catch (error) {
      if (error instanceof PreconditionError) {
        const problem = { message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
        set({ screen: 'cannot-start', id, values, fromHome, problem, ...(error.runFirst ? { runFirst: error.runFirst } : {}) });
      } else fail(error, fromHome);
    }
  };

  const openRunbook = async (id: string, fromHome: boolean) => {
    set({ screen: 'loading', message: `loading ${id}…` });
    try {
      const request = await launcher.runbookParams(id);
      // From home every parameter is shown for review; from `run` only when one is missing.
      const ask = fromHome ? Object.keys(request.specs).length > 0 : request.missing.length > 0;
      if (ask) set({ screen: 'params', request, fromHome });
      else await startRun(id, request.initial, fromHome);
    } catch (error) {
      fail(error, fromHome);
    }
  };

  const resume = async (runId: string | undefined, edited: 'ask' | 'started' | 'edited' | 'edited-run-added', fromHome: boolean) => {
    set({ screen: 'loading', message: `resuming ${runId ?? 'the latest run'}…` });
    try {
      await drive(await launcher.resume(runId, edited));
    } catch (error) {
      // The runbook was edited since the run began: the launcher's RunbookChangedError says how.
      const changed = error as RunStoppedError & { plan?: RunbookChangePlan; canKeepStarted?: boolean };
      if (error instanceof RunStoppedError && edited === 'ask' && changed.plan) {
        const problem = { message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
        set({ screen: 'changed', runId, fromHome, problem, plan: changed.plan, canKeepStarted: changed.canKeepStarted !== false });
      } else fail(error, fromHome);
    }
  };

  const drill = async (runbookId: string, options: DrillOptions, fromHome: boolean) => {
    set({ screen: 'loading', message: `starting a drill of ${runbookId}…` });
    try {
      if (!launcher.startDrill) throw new PitstopError('drills cannot be started from here', { exitCode: EXIT.usage });
      const controller = await launcher.startDrill(runbookId, options);
      set({ screen: 'drill', drill: controller });
      const code = await controller.run();
      set({ screen: 'done', code, drill: controller });
    } catch (error) {
      fail(error, fromHome);
    }
  };

  const busy = () => view.screen === 'loading' || view.screen === 'run' || view.screen === 'drill' || view.screen === 'done';

  const back = () => {
    if (busy()) return;
    const asked = view.screen === 'params' || view.screen === 'changed' || view.screen === 'cannot-start';
    const fromHome = 'fromHome' in view ? view.fromHome : false;
    if (fromHome && home) set({ screen: 'home', home });
    // Leaving a form that `pitstop run` opened: nothing was started.
    else if (asked) set({ screen: 'done', code: EXIT.stopped });
    else set({ screen: 'done', code: EXIT.ok });
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => view,
    begin() {
      if (start.kind === 'home') void showHome();
      else if (start.kind === 'run') void openRunbook(start.runbook, false);
      else if (start.kind === 'drill') void drill(start.runbook, start.options, false);
      else void resume(start.runId, 'ask', false);
    },
    openRunbook(id) {
      if (view.screen === 'home') void openRunbook(id, true);
    },
    openRun(runId) {
      if (view.screen === 'home') void resume(runId, 'ask', true);
    },
    openDrill(runbookId, options) {
      if (view.screen === 'home') void drill(runbookId, options, true);
    },
    submitParams(values) {
      if (view.screen !== 'params') return;
      const { request, fromHome } = view;
      void startRun(request.id, { ...request.initial, ...values }, fromHome);
    },
    chooseChanged(choice) {
      if (view.screen !== 'changed') return;
      const { runId, fromHome } = view;
      if (choice === 'cancel') back();
      else void resume(runId, choice, fromHome);
    },
    chooseCannotStart(choice) {
      if (view.screen !== 'cannot-start') return;
      const { id, values, fromHome, runFirst } = view;
      if (choice === 'run-first' && runFirst) void openRunbook(runFirst, true);
      else if (choice === 'start-anyway') void startRun(id, values, fromHome, true);
      else back();
    },
    back,
    quit() {
      if (!busy()) set({ screen: 'done', code: EXIT.ok });
    },
    runFirst(runbookId) {
      if (view.screen === 'run') next = runbookId;
    },
  };
}
