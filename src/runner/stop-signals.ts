import { signalExitCode } from '../engine/ending.js';
import type { PauseReason, StopSignal } from '../engine/types.js';
import type { ExitCode } from '../errors.js';

export type { StopSignal } from '../engine/types.js';

/** Every signal that pauses a run instead of killing pitstop. */
export const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const BY_SIGNAL: Record<StopSignal, { reason: PauseReason }> = {
  SIGINT: { reason: 'sigint' },
  SIGTERM: { reason: 'sigterm' },
  SIGHUP: { reason: 'sighup' },
};

/** Whether an abort reason names a stop signal (the runner aborts with the signal's name). */
export function isStopSignal(value: unknown): value is StopSignal {
  return typeof value === 'string' && Object.hasOwn(BY_SIGNAL, value);
}

/** The exit code after pausing for a signal: 128 + its number, as a shell would report it. */
export function exitCodeOf(signal: StopSignal): ExitCode {
  return signalExitCode(signal);
}

/** The `run/paused` fields for a pause by a signal. */
export function pausedBy(signal: StopSignal): { reason: PauseReason; signal: StopSignal } {
  return { reason: BY_SIGNAL[signal].reason, signal };
}
