import type { FromTarget } from '../drill/from-target-source.js';
import type { CliArgs } from '../cli-args.js';
import { withApplication } from '../drill/auto-operator.js';
import { worldArgs } from '../drill/child-runs.js';
import type { DrillFrontEnd, RecoveryEnd, RecoveryRequest } from '../drill/front-end.js';
import { hintFor } from '../drill/hints.js';
import type { DrillEvent } from '../drill/journal.js';
import { plainLines } from '../drill/output.js';
import type { DrillScenario } from '../drill/scenarios.js';
import type { DrillScore } from '../drill/score.js';
import type { Page } from '../drill/types.js';
import { PitstopError } from '../errors.js';
import type { RunController } from '../runner/run-controller.js';
import type { StopSignal } from '../runner/stop-signals.js';
import type { ParamsRequest, Problem } from './app-flow.js';
import { focusOf } from './run-focus.js';

/**
 * Answers of the fault that are facts of the world, not of the incident: the form starts with
 * them (where the copy comes from in this world). The incident time and the table are the
 * operator's to find.
 */
const WORLD_FACTS = ['source'];

/** What the drill screen shows: progress lines, then the page with the form, the run, the score. */
export type DrillView =
  | { phase: 'building'; lines: string[] }
  | { phase: 'page'; lines: string[]; page: Page; request: ParamsRequest; problem?: Problem; hint?: Hint }
  | { phase: 'recovering'; lines: string[]; page: Page; controller: RunController; hint?: Hint }
  | { phase: 'scored'; lines: string[]; page?: Page; score: DrillScore; code: number };

/** A guided drill's hint: for the form (`params`) or the step in focus. */
export interface Hint {
  stepId: string;
  text: string;
}

/** The drill in the TUI, outside React: a store for the screen and the actions it calls. */
export interface DrillController {
  readonly runbookId: string;
  subscribe(listener: () => void): () => void;
  getSnapshot(): DrillView;
  /** Runs the whole drill; resolves with its exit code. Call once. */
  run(): Promise<number>;
  /** The form on the page was sent: the recovery run starts with these values. */
  submit(values: Record<string, string>): void;
  /** Ctrl+C (or a signal): the run screen pauses the recovery; elsewhere the drill stops and its world goes. */
  interrupt(signal?: StopSignal): void;
}

/** The edges the drill reaches through (the real ones by default; tests may give their own). */
export interface DrillEdges {
  runDrill(front: DrillFrontEnd): Promise<{ score: DrillScore; exitCode: number }>;
  paramsFor(request: RecoveryRequest): Promise<ParamsRequest>;
  startRecovery(request: RecoveryRequest, values: Record<string, string>): Promise<RunController>;
}

export function createDrillController(runbookId: string, edges: DrillEdges, options: { guided?: boolean } = {}): DrillController {
  const listeners = new Set<() => void>();
  // Hints shown, by step (the form counts as `params`): the score records how many.
  const shown = new Set<string>();
  const hintOf = (stepId: string | undefined): Hint | undefined => {
    if (!options.guided || stepId === undefined) return undefined;
    const text = hintFor(runbookId, stepId);
    if (text === undefined) return undefined;
    shown.add(stepId);
    return { stepId, text };
  };
  let view: DrillView = { phase: 'building', lines: [] };
  let lines: string[] = [];
  let page: Page | undefined;
  let stop: ((signal: StopSignal) => void) | undefined;
  let submitted: ((values: Record<string, string>) => void) | undefined;
  const set = (next: DrillView) => {
    view = next;
    for (const listener of [...listeners]) listener();
  };

  const front: DrillFrontEnd = {
    interactive: true,
    event(event: DrillEvent) {
      if (event.type === 'drill/page') page = { alert: event.alert, log: event.log };
      // The score has a screen of its own; the page is shown as a box, not as lines.
      if (event.type === 'drill/scored' || event.type === 'drill/page') return;
      lines = [...lines, ...plainLines(event)];
      if (view.phase === 'building') set({ phase: 'building', lines });
      else set({ ...view, lines });
    },
    attach(given) {
      stop = given;
    },
    hintsShown: () => shown.size,
    async recover(request): Promise<RecoveryEnd> {
      const form = await edges.paramsFor(request);
      let problem: Problem | undefined;
      for (;;) {
        const values = await new Promise<Record<string, string>>((resolve) => {
          submitted = resolve;
          const hint = hintOf('params');
          set({ phase: 'page', lines, page: request.page, request: form, ...(problem ? { problem } : {}), ...(hint ? { hint } : {}) });
        });
        submitted = undefined;
        try {
          const controller = await edges.startRecovery(request, values);
          // The hint follows the step in focus as the run moves on.
          const follow = () => {
            if (view.phase !== 'recovering') return;
            const hint = hintOf(focusOf(controller.getSnapshot())?.step.id);
            if (hint?.stepId === view.hint?.stepId) return;
            const { hint: _old, ...rest } = view;
            set({ ...rest, ...(hint ? { hint } : {}) });
          };
          set({ phase: 'recovering', lines, page: request.page, controller });
          const unfollow = controller.subscribe(follow);
          follow();
          const end = await controller.run().finally(unfollow);
          return { runId: controller.getSnapshot().runId, code: end.exitCode };
        } catch (error) {
          // A value the run refuses (a time without its offset…): back to the form, with why.
          if (!(error instanceof PitstopError)) throw error;
          problem = { message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
        }
      }
    },
  };

  return {
    runbookId,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => view,
    async run() {
      const { score, exitCode } = await edges.runDrill(front);
      set({ phase: 'scored', lines, ...(page ? { page } : {}), score, code: exitCode });
      return exitCode;
    },
    submit(values) {
      submitted?.(values);
    },
    interrupt(signal = 'SIGINT') {
      if (view.phase === 'recovering') {
        if (signal === 'SIGINT') view.controller.interrupt();
        else view.controller.forceStop(signal);
      } else if (view.phase !== 'scored') stop?.(signal);
    },
  };
}

/** The real edges: the drill's sequence, the form's fields from the runbook and the world's target, the run controller. */
export function drillEdges(args: CliArgs, scenario: DrillScenario, fault: string, fromTarget?: FromTarget): DrillEdges {
  return {
    async runDrill(front) {
      const { runDrill } = await import('../drill/run-drill.js');
      // `--from-target NAME`: the world gets that target's schema (resolved and checked by the command).
      return runDrill(args, scenario, fault, front, fromTarget);
    },
    async paramsFor(request) {
      const { createLauncher } = await import('./launcher.js');
      const facts = Object.fromEntries(Object.entries(request.answers).filter(([name]) => WORLD_FACTS.includes(name)));
      const world = worldArgs(request.args, request.configFile, request.runbookId, { ...facts, ...request.args.set });
      return createLauncher(world).runbookParams(request.runbookId);
    },
    async startRecovery(request, values) {
      const [{ prepareNewRun, currentUser }, { createRunController }] = await Promise.all([import('../runner/session.js'), import('../runner/run-controller.js')]);
      // An empty field is "not given": the target's value or the runbook's default applies.
      const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
      const session = await prepareNewRun(worldArgs(request.args, request.configFile, request.runbookId, { ...request.args.set, ...given }), new Date(), { drill: request.drillId });
      request.started(session.runId);
      return createRunController(session, { user: currentUser(), wrapOperator: (operator) => withApplication(operator, request.writer, request.repoint) });
    },
  };
}
