import type { DoneItem } from '../runner/run-view.js';

/** Colours are decoration only: every state also has an icon or a word, so NO_COLOR loses nothing. */
const NO_COLOR = (): boolean => {
  const value = process.env['NO_COLOR'];
  return value !== undefined && value !== '';
};

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'muted' | 'accent';

const TONES: Record<Tone, string> = { ok: 'green', bad: 'red', warn: 'yellow', info: 'cyan', muted: 'gray', accent: 'magenta' };

/** The Ink `color` for a tone, or undefined under NO_COLOR. */
export function tone(t: Tone): string | undefined {
  return NO_COLOR() ? undefined : TONES[t];
}

/** Whether text may be dimmed (dim is a colour attribute too). */
export function dim(): boolean {
  return !NO_COLOR();
}

export type StepIcon = 'done' | 'failed' | 'skipped' | 'running' | 'waiting' | 'pending' | 'interrupted';

export const ICONS: Record<StepIcon, string> = {
  done: '✓',
  failed: '✗',
  skipped: '↷',
  running: '▶',
  waiting: '?',
  pending: '○',
  interrupted: '!',
};

export const ICON_TONE: Record<StepIcon, Tone> = {
  done: 'ok',
  failed: 'bad',
  skipped: 'muted',
  running: 'info',
  waiting: 'warn',
  pending: 'muted',
  interrupted: 'warn',
};

/** The icon of a step state kind (the engine's StepStatus kinds). */
export function iconOf(kind: string): StepIcon {
  switch (kind) {
    case 'succeeded':
      return 'done';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
    case 'running':
      return 'running';
    case 'interrupted':
      return 'interrupted';
    case 'pending':
      return 'pending';
    default:
      return 'waiting';
  }
}

export function doneIcon(item: DoneItem): StepIcon {
  return item.status === 'succeeded' ? 'done' : item.status === 'failed' ? 'failed' : 'skipped';
}
