import { useSyncExternalStore } from 'react';
import type { RunActions, RunController, RunView } from '../runner/run-controller.js';
import type { AppFlow, FlowView } from './app-flow.js';

/**
 * The one way screens reach a run: what to show (re-rendered when the controller says so)
 * and the actions to dispatch. Components decide nothing about the run themselves.
 */
export function useRun(controller: RunController): { view: RunView; act: RunActions } {
  const view = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  return { view, act: controller };
}

/** The same for the app around the run: home, the parameter form, the run, the end. */
export function useFlow(flow: AppFlow): { view: FlowView; act: AppFlow } {
  const view = useSyncExternalStore(flow.subscribe, flow.getSnapshot);
  return { view, act: flow };
}
