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

/** Modes where letters are typed into a field rather than taken as commands. */
export function isTextMode(mode: RunMode): boolean {
  return mode === 'gate-typed' || mode === 'input' || mode === 'manual-note' || mode === 'interrupted-note';
}

export interface KeyHint {
  key: string;
  label: string;
}

const PAUSE = { key: 'q', label: 'pause' };
const HELP = { key: '?', label: 'help' };

/** The keys that work now, for the footer (and the help overlay). */
export function footerKeys(mode: RunMode, view: RunView): KeyHint[] {
  const log = view.log ? [{ key: 'l', label: 'full log' }] : [];
  const skippable = view.phase.kind === 'failed' && view.phase.skippable;
  switch (mode) {
    case 'over':
      return [];
    case 'help':
      return [{ key: '?/Esc', label: 'close help' }];
    case 'log':
      return [
        { key: '↑↓', label: 'line' },
        { key: 'PgUp/PgDn', label: 'page' },
        { key: 'g/G', label: 'start/end' },
        { key: 'Esc/q', label: 'close' },
      ];
    case 'confirm-pause':
      return [
        { key: 'y', label: 'pause (stops the step)' },
        { key: 'n/Esc', label: 'keep running' },
      ];
    case 'confirm-abort':
      return [
        { key: 'y', label: 'abort the run' },
        { key: 'n/Esc', label: 'back' },
      ];
    case 'gate-confirm':
      return [{ key: 'y', label: 'approve' }, { key: 'n/Enter', label: 'no (pauses)' }, PAUSE, ...log, HELP];
    case 'gate-typed':
      return [
        { key: 'Enter', label: 'approve' },
        { key: 'Esc', label: 'pause' },
        { key: 'Ctrl+C', label: 'pause' },
      ];
    case 'input':
      return [
        { key: 'Esc', label: 'pause' },
        { key: 'Ctrl+C', label: 'pause' },
      ];
    case 'manual':
      return [{ key: 'd/Enter', label: 'mark done' }, { key: 'n', label: 'done with a note' }, PAUSE, HELP];
    case 'manual-note':
    case 'interrupted-note':
      return [
        { key: 'Enter', label: 'mark done' },
        { key: 'Esc', label: 'back' },
      ];
    case 'interrupted':
      return [{ key: '↑↓ Enter', label: 'choose' }, { key: 'm', label: 'mark done' }, { key: 'r', label: 'run again' }, { key: 'a', label: 'abort' }, PAUSE, ...log];
    case 'failed':
      return [
        { key: '↑↓ Enter', label: 'choose' },
        { key: 'r', label: 'retry' },
        ...(skippable ? [{ key: 's', label: 'skip' }] : []),
        { key: 'a', label: 'abort' },
        ...log,
        { key: 'q', label: 'quit (resumable)' },
      ];
    case 'working':
      return [PAUSE, ...log, HELP];
  }
}

/**
 * Ctrl+C, also when it comes in one chunk with other keys (Enter then Ctrl+C typed quickly
 * reach Ink as one input "\r\x03", which Ink does not report as ctrl).
 */
export function isCtrlC(input: string, key: { ctrl: boolean }): boolean {
  return (key.ctrl && input === 'c') || input.includes('\u0003');
}
