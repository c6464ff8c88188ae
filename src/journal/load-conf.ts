import { constants } from 'node:os';

type ConfModule = typeof import('conf');

let loaded: Promise<ConfModule> | undefined;

/**
 * Imports conf without the signal handlers its file writer brings along. conf writes through
 * `atomically`, whose `when-exit` hooks SIGINT, SIGTERM and friends at import time and then
 * re-raises the signal: the process dies before pitstop can stop the running step and
 * journal `run/paused` (README, exit codes: SIGINT pauses, resumable, exit 130). Its exit hook
 * (cleaning temp files) is kept; only the signal listeners it added are removed.
 */
export function importConf(): Promise<ConfModule> {
  loaded ??= (async () => {
    const signals = Object.keys(constants.signals) as NodeJS.Signals[];
    const before = new Map(signals.map((s) => [s, new Set(safeListeners(s))]));
    const mod = await import('conf');
    for (const signal of signals) {
      for (const listener of safeListeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
      }
    }
    return mod;
  })();
  return loaded;
}

function safeListeners(signal: NodeJS.Signals): Function[] {
  try {
    return process.listeners(signal);
  } catch {
    return [];
  }
}
