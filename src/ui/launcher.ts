import type { CliArgs } from '../cli-args.js';
import type { Launcher, ParamsRequest } from './app-flow.js';

/**
 * The app's edges on disk. Everything heavy (runbook parsing, the run index, database
 * drivers, the runner) is imported on first use, after the first frame is on screen.
 */
export function createLauncher(args: CliArgs): Launcher {
  const controllerFor = async (session: import('../runner/session.js').RunSession) => {
    const [{ createRunController }, { currentUser }] = await Promise.all([import('../runner/run-controller.js'), import('../runner/session.js')]);
    return createRunController(session, { user: currentUser() });
  };
  return {
    async loadHome() {
      const { loadHomeData } = await import('./home-data.js');
      return loadHomeData(args);
    },
    async backupHealth() {
      const [{ pitstopHome }, { configuredStatus }, { statusLine }] = await Promise.all([
        import('../config/home.js'),
        import('../status/fleet.js'),
        import('../status/format.js'),
      ]);
      const { statuses } = await configuredStatus({ ...(args.config === undefined ? {} : { config: args.config }), home: pitstopHome() }, { timeoutMs: 2000 });
      return statuses.map(statusLine);
    },
    async runbookParams(ref): Promise<ParamsRequest> {
      const [{ resolveRunbook }, { runbookDirs }, { presetsFor }] = await Promise.all([
        import('../runbook/discover.js'),
        import('../runner/runbook-dirs.js'),
        import('./param-presets.js'),
      ]);
      const { runbook } = resolveRunbook(ref, runbookDirs(args));
      const specs = runbook.params ?? {};
      const fallbacks = presetsFor(runbook, args);
      const initial: Record<string, string> = {};
      const missing: string[] = [];
      for (const [name, spec] of Object.entries(specs)) {
        const value = args.set[name] ?? fallbacks[name]?.value ?? '';
        initial[name] = value;
        if (spec.required && value === '') missing.push(name);
      }
      return { id: ref, title: runbook.title, specs, initial, fallbacks, missing };
    },
    async startRun(ref, values, options) {
      const { prepareNewRun } = await import('../runner/session.js');
      // An empty field is "not given": the runbook's default applies, or it is reported missing.
      const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
      const session = await prepareNewRun({ ...args, positionals: [ref], set: { ...args.set, ...given } }, new Date(), { startAnyway: options?.startAnyway === true });
      return controllerFor(session);
    },
    async startDrill(runbookId, options) {
      const [{ chooseScenario }, { createDrillController, drillEdges }] = await Promise.all([import('../drill/scenarios.js'), import('./drill-flow.js')]);
      const { scenario, fault } = chooseScenario(runbookId, options.fault);
      const guided = options.guided ?? args.guided;
      return createDrillController(runbookId, drillEdges({ ...args, guided }, scenario, fault, options.fromTarget), { guided });
    },
    async resume(runId, edited) {
      const { prepareResume } = await import('../runner/resume-session.js');
      // --accept-changed-runbook on the command line answers the TUI's question in advance.
      const choice = edited === 'ask' && args.acceptChangedRunbook ? 'edited' : edited;
      const session = await prepareResume({ ...args, positionals: runId ? [runId] : [] }, { edited: choice });
      return controllerFor(session);
    },
  };
}
