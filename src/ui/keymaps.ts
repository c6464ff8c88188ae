import type { Binding } from './keymap.js';
import type { RunMode } from './keys.js';

/**
 * What a key does on the run screen. `field`: the text field on screen takes the key (typing);
 * `list` moves the highlight of the list on screen, `choose` picks from it (Enter, or the
 * item's number); the tables name them so the footer and help say so.
 */
export type RunAction =
  | 'help'
  | 'close-help'
  | 'pause'
  | 'interrupt'
  | 'log'
  | 'pause-yes'
  | 'pause-no'
  | 'abort-yes'
  | 'abort-no'
  | 'approve'
  | 'refuse'
  | 'done'
  | 'note'
  | 'note-back'
  | 'mark-done'
  | 'rerun'
  | 'abort'
  | 'retry'
  | 'skip'
  | 'quit'
  | 'line-up'
  | 'line-down'
  | 'page-up'
  | 'page-down'
  | 'start'
  | 'follow'
  | 'close-log'
  | 'field'
  | 'list'
  | 'choose';

type RunBinding = Binding<RunAction>;

const HELP: RunBinding = { keys: ['?'], key: '?', label: 'help', action: 'help' };
const PAUSE: RunBinding = { keys: ['q'], key: 'q', label: 'pause (resumable)', action: 'pause' };
const LOG: RunBinding = { keys: ['l'], key: 'l', label: 'full log', action: 'log', when: 'log' };
const CTRL_C: RunBinding = { keys: ['ctrl+c'], key: 'Ctrl+C', label: 'pause; a second Ctrl+C leaves at once', action: 'interrupt', footer: false };
// In a text field Ctrl+C is the way out besides Esc: the footer says so.
const CTRL_C_SHOWN: RunBinding = { keys: ['ctrl+c'], key: 'Ctrl+C', label: 'pause', action: 'interrupt' };
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** The keys of a list (they reach its `useList` through the screen's handler). */
const LIST_MOVE = { keys: ['up', 'k', 'down', 'j', 'home', 'end'], key: '↑↓/jk', label: 'move', action: 'list' } as const;
const LIST_PICK = { keys: ['enter', ...DIGITS], key: 'Enter/1-9', label: 'choose', action: 'choose' } as const;
const MOVE: RunBinding = { ...LIST_MOVE, keys: [...LIST_MOVE.keys] };
const CHOOSE: RunBinding = { ...LIST_PICK, keys: [...LIST_PICK.keys] };

/** Every key of every run-screen mode: the key handler, the footer and the help read this. */
export const RUN_KEYS: Record<RunMode, readonly RunBinding[]> = {
  over: [],
  help: [{ keys: ['?', 'esc', 'q'], key: '?/Esc', label: 'close help', action: 'close-help' }, CTRL_C],
  log: [
    { keys: ['up', 'k'], key: '↑/k', label: 'line up', action: 'line-up' },
    { keys: ['down', 'j'], key: '↓/j', label: 'line down', action: 'line-down' },
    { keys: ['pgup', 'b'], key: 'PgUp', label: 'page up', action: 'page-up' },
    { keys: ['pgdn', 'space'], key: 'PgDn', label: 'page down', action: 'page-down' },
    { keys: ['g', 'home'], key: 'g', label: 'start', action: 'start' },
    { keys: ['G', 'end'], key: 'G', label: 'end (follow)', action: 'follow' },
    { keys: ['esc', 'q', 'l'], key: 'Esc/q', label: 'close', action: 'close-log' },
    CTRL_C,
  ],
  'confirm-pause': [
    { keys: ['y', 'q'], key: 'y', label: 'pause (stops the step)', action: 'pause-yes' },
    { keys: ['n', 'esc', 'enter'], key: 'n/Esc', label: 'keep running', action: 'pause-no' },
    CTRL_C,
  ],
  'confirm-abort': [
    { keys: ['y'], key: 'y', label: 'abort the run', action: 'abort-yes' },
    { keys: ['n', 'esc', 'enter'], key: 'n/Esc', label: 'back', action: 'abort-no' },
    CTRL_C,
  ],
  // The step has not run yet: there is no log of its own to show.
  'gate-confirm': [
    { keys: ['y', 'Y'], key: 'y', label: 'approve', action: 'approve' },
    { keys: ['n', 'N', 'enter'], key: 'n/Enter', label: 'no (pauses)', action: 'refuse' },
    PAUSE,
    HELP,
    CTRL_C,
  ],
  'gate-typed': [
    { keys: [], key: 'letters', label: 'go into the phrase (q, l and ? too)', action: 'field' },
    { keys: [], key: 'Enter', label: 'approve', action: 'field' },
    { keys: ['esc'], key: 'Esc', label: 'pause', action: 'pause' },
    CTRL_C_SHOWN,
  ],
  input: [
    { keys: [], key: '↑↓/Tab', label: 'move (↑↓ choose on a list)', action: 'field' },
    { keys: [], key: 'Enter', label: 'next, send on the last', action: 'field' },
    { keys: ['esc'], key: 'Esc', label: 'pause', action: 'pause' },
    CTRL_C_SHOWN,
  ],
  // Only `d`: an Enter meant for the screen before must not mark done a step nobody did.
  manual: [
    { keys: ['d'], key: 'd', label: 'mark done', action: 'done' },
    { keys: ['n'], key: 'n', label: 'done with a note', action: 'note' },
    PAUSE,
    HELP,
    CTRL_C,
  ],
  'manual-note': [
    { keys: [], key: 'Enter', label: 'mark done', action: 'field' },
    { keys: ['esc'], key: 'Esc', label: 'back', action: 'note-back' },
    CTRL_C,
  ],
  'interrupted-note': [
    { keys: [], key: 'Enter', label: 'mark done', action: 'field' },
    { keys: ['esc'], key: 'Esc', label: 'back', action: 'note-back' },
    CTRL_C,
  ],
  interrupted: [
    MOVE,
    CHOOSE,
    { keys: ['m'], key: 'm', label: 'mark done', action: 'mark-done' },
    { keys: ['r'], key: 'r', label: 'run again', action: 'rerun' },
    { keys: ['a'], key: 'a', label: 'abort', action: 'abort' },
    PAUSE,
    LOG,
    HELP,
    CTRL_C,
  ],
  failed: [
    MOVE,
    CHOOSE,
    { keys: ['r'], key: 'r', label: 'retry', action: 'retry' },
    { keys: ['s'], key: 's', label: 'skip', action: 'skip', when: 'skippable' },
    { keys: ['a'], key: 'a', label: 'abort', action: 'abort' },
    LOG,
    { keys: ['q'], key: 'q', label: 'quit (resumable)', action: 'pause' },
    HELP,
    CTRL_C,
  ],
  working: [PAUSE, LOG, HELP, CTRL_C],
};

/** What a key does on the home screen. */
export type HomeAction = 'open' | 'filter' | 'help' | 'close-help' | 'quit' | 'clear-or-quit' | 'clear-filter' | 'end-filter' | 'erase' | 'list' | 'field';

/** The home screen's modes. */
export type HomeMode = 'home' | 'home-filter' | 'home-help';

/** Every key of the home screen, by mode. */
export const HOME_KEYS: Record<HomeMode, readonly Binding<HomeAction>[]> = {
  home: [
    { ...LIST_MOVE, keys: [...LIST_MOVE.keys] },
    { keys: ['enter'], key: 'Enter', label: 'open (on Practice: drill)', action: 'open' },
    { keys: ['/'], key: '/', label: 'filter (or type a letter)', action: 'filter' },
    { keys: ['?'], key: '?', label: 'help', action: 'help' },
    { keys: ['q', 'ctrl+c'], key: 'q', label: 'quit', action: 'quit' },
    { keys: ['esc'], key: 'Esc', label: 'clear the filter, else quit', action: 'clear-or-quit', footer: false },
  ],
  'home-filter': [
    { keys: [], key: 'letters', label: 'go into the filter', action: 'field' },
    { keys: [], key: 'Backspace', label: 'erase', action: 'erase' },
    { keys: ['enter', 'down'], key: 'Enter/↓', label: 'back to the list', action: 'end-filter' },
    { keys: ['esc'], key: 'Esc', label: 'clear', action: 'clear-filter' },
    { keys: ['ctrl+c'], key: 'Ctrl+C', label: 'quit', action: 'quit', footer: false },
  ],
  'home-help': [
    { keys: ['?', 'esc', 'q'], key: '?/Esc', label: 'close help', action: 'close-help' },
    { keys: ['ctrl+c'], key: 'Ctrl+C', label: 'quit', action: 'quit', footer: false },
  ],
};

/** What a key does on the question about an edited runbook. */
export type ChangedAction = 'list' | 'choose' | 'cancel' | 'quit';

/** The keys of the question about an edited runbook (a list of ways to go on). */
export const CHANGED_KEYS: readonly Binding<ChangedAction>[] = [
  { ...LIST_MOVE, keys: [...LIST_MOVE.keys] },
  { ...LIST_PICK, keys: [...LIST_PICK.keys] },
  { keys: ['esc'], key: 'Esc', label: 'cancel', action: 'cancel' },
  { keys: ['ctrl+c'], key: 'Ctrl+C', label: 'quit', action: 'quit', footer: false },
];

/** What a key does on the drill's own screens (the recovery run has the run screen's keys). */
export type DrillAction = 'stop-drill' | 'field';

/** The drill's modes around the run: the world being built and broken, the page with its form. */
export type DrillMode = 'drill-building' | 'drill-page';

/** Every key of the drill's own screens, by mode. */
export const DRILL_KEYS: Record<DrillMode, readonly Binding<DrillAction>[]> = {
  'drill-building': [{ keys: ['ctrl+c', 'q'], key: 'q/Ctrl+C', label: 'stop the drill (its world is removed)', action: 'stop-drill' }],
  'drill-page': [
    { keys: [], key: 'letters', label: 'go into the field', action: 'field' },
    { keys: [], key: 'Enter', label: 'next, recover on the last', action: 'field' },
    { keys: ['esc', 'ctrl+c'], key: 'Esc/Ctrl+C', label: 'stop the drill', action: 'stop-drill' },
  ],
};
