import type { TargetView } from '../engine/types.js';
import { BugError } from '../errors.js';
import { ACTION_CATALOG } from './catalog.js';
import type { ActionImplementation, ActionSpec, ActionTargetView } from './types.js';

/**
 * An action as the engine, lint, list, schema and dry runs see it: its spec, and `load()`,
 * which imports the implementation (drivers, execa, child processes) only when the runner
 * reaches a step that uses it.
 */
export interface RegisteredAction<Args = any> extends Omit<ActionSpec<Args>, 'describe'> {
  describe(args: Args, target: TargetView): string[];
  load(): Promise<ActionImplementation<Args>['run']>;
  /** The implementation's precheck, loaded when the spec says it `needs` something. */
  loadPrecheck(): Promise<ActionImplementation<Args>['precheck']>;
}

const LOADED = new Map<string, RegisteredAction>();

/**
 * Makes the given specs known to `getAction`: whoever starts the engine, lint or a dry run
 * fills the lookup first (`loadActionSpecs`, or all-specs.ts for every action), so the engine
 * itself imports no spec and a runbook without action steps loads none (nor zod for them).
 */
export function registerActionSpecs(specs: Iterable<ActionSpec<any>>): void {
  for (const spec of specs) {
    const entry = ACTION_CATALOG[spec.name];
    if (!entry) throw new BugError(`action ${spec.name} has a spec but no entry in the action catalog`);
    LOADED.set(spec.name, {
      ...spec,
      // The engine's view is the target's validated pitstop.yaml fields without its secrets: the typed view, as data.
      describe: (args, target) => spec.describe(args, target as unknown as ActionTargetView),
      load: async () => (await entry.implementation()).run,
      loadPrecheck: async () => {
        if (spec.needs === undefined) return undefined;
        const implementation = await entry.implementation();
        return implementation.precheck?.bind(implementation);
      },
    });
  }
}

/** Imports and registers the specs of the named actions (names that are no action are left to lint). */
export async function loadActionSpecs(names: Iterable<string>): Promise<void> {
  const wanted = [...new Set(names)].filter((name) => ACTION_CATALOG[name] && !LOADED.has(name));
  const specs = await Promise.all(wanted.map((name) => ACTION_CATALOG[name]!.spec()));
  for (const [i, spec] of specs.entries()) {
    if (spec.name !== wanted[i]) throw new BugError(`the action catalog's ${wanted[i]} loads the spec of ${spec.name}`);
  }
  registerActionSpecs(specs);
}

/**
 * The action called `name`: its spec, and how to load what it does; undefined for a name that
 * is no action. A built-in action whose spec was not loaded first is a bug in pitstop, never
 * taken for "no such action" (that would drop its gates): it throws.
 */
export function getAction(name: string): RegisteredAction | undefined {
  const loaded = LOADED.get(name);
  if (loaded || !ACTION_CATALOG[name]) return loaded;
  throw new BugError(`the spec of action ${name} was used before it was loaded (loadActionSpecs)`);
}

/** Every built-in action (all-specs.ts must have been imported). */
export function listActions(): readonly RegisteredAction[] {
  return Object.keys(ACTION_CATALOG).map((name) => getAction(name)!);
}

/** Whether a runbook for `engine` may use `action` (`any` actions fit every runbook). */
export function actionFitsEngine(action: Pick<ActionSpec<unknown>, 'engine'>, engine: 'postgres' | 'libsql' | 'any'): boolean {
  return action.engine === 'any' || engine === 'any' || action.engine === engine;
}
