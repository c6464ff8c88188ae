import type { RunView } from '../runner/run-view.js';

/** What the screen is doing now, which decides what each key does. */
export type RunMode =
  | 'over'
  | 'help'
  | 'log'
  | 'confirm-pause'
  | 'confirm-abort'
  | 'gate-confirm'
  | 'gate-typed'
  | 'input'
  | 'manual'
  | 'manual-note'
  | 'interrupted'
  | 'interrupted-note'
  | 'failed'
  | 'working';

/** What the screen itself has open on top of the run. */
export interface ScreenState {
  overlay: 'help' | 'log' | null;
  note: boolean;
  confirmAbort: boolean;
}

export function modeOf(view: RunView, screen: ScreenState): RunMode {
  const { phase } = view;
  if (phase.kind === 'over') return 'over';
  if (screen.overlay) return screen.overlay;
  if (view.confirmPause) return 'confirm-pause';
  if (screen.confirmAbort) return 'confirm-abort';
  if (phase.kind === 'failed') return 'failed';
  if (phase.kind !== 'asking') return 'working';
  switch (phase.ask.type) {
    case 'ask-gate':
      return phase.ask.gate.type === 'typed' ? 'gate-typed' : 'gate-confirm';
    case 'ask-input':
      return 'input';
    case 'ask-manual':
      return screen.note ? 'manual-note' : 'manual';
    case 'ask-interrupted':
      return screen.note ? 'interrupted-note' : 'interrupted';
  }
}

export interface KeyHint {
  key: string;
  label: string;
}

/**
 * Ctrl+C, also when it comes in one chunk with other keys (Enter then Ctrl+C typed quickly
 * reach Ink as one input "\r\x03", which Ink does not report as ctrl).
 */
export function isCtrlC(input: string, key: { ctrl: boolean }): boolean {
  return (key.ctrl && input === 'c') || input.includes('\u0003');
}
