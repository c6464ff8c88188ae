import type { Keypress } from './key-tokens.js';

/**
 * A key as the tables name it: a character (`y`, `?`, `/`), or a named key (`enter`, `esc`,
 * `up`, `down`, `tab`, `pgup`, `pgdn`, `home`, `end`, `space`, `ctrl+c`).
 */
export type KeySpec = string;

/** One line of a keymap: the keys, how the footer and help write them, what they do. */
export interface Binding<A extends string = string> {
  keys: KeySpec[];
  /** How the key is written for people (`n/Enter`, `↑↓`). */
  key: string;
  label: string;
  action: A;
  /** Only offered when the run has a log for the step in focus, or the failed step may be skipped. */
  when?: 'log' | 'skippable';
  /** In the help and the README, not on the footer line (Ctrl+C is everywhere). */
  footer?: false;
}

/** What decides the conditional bindings. */
export interface KeyContext {
  log: boolean;
  skippable: boolean;
}

/** Whether a key pressed is the one a spec names. */
export function matches(spec: KeySpec, { input, key }: Keypress): boolean {
  switch (spec) {
    case 'enter':
      return key.return === true;
    case 'esc':
      return key.escape === true;
    case 'up':
      return key.upArrow === true;
    case 'down':
      return key.downArrow === true;
    case 'tab':
      return key.tab === true;
    case 'pgup':
      return key.pageUp === true;
    case 'pgdn':
      return key.pageDown === true;
    case 'home':
      return key.home === true;
    case 'end':
      return key.end === true;
    case 'space':
      return input === ' ' && !key.paste;
    default:
      if (spec.startsWith('ctrl+')) return key.ctrl === true && input === spec.slice(5);
      return input === spec && !key.ctrl && !key.meta && !key.paste;
  }
}

/** The bindings on offer now (conditions applied), in the table's order. */
export function bindingsNow<A extends string>(table: readonly Binding<A>[], context: KeyContext): Binding<A>[] {
  return table.filter((b) => b.when === undefined || context[b.when]);
}

/** The action a key triggers in a table, or null when it does nothing there. */
export function actionOf<A extends string>(table: readonly Binding<A>[], press: Keypress, context: KeyContext): A | null {
  return bindingsNow(table, context).find((b) => b.keys.some((spec) => matches(spec, press)))?.action ?? null;
}

/** What the footer line shows: the bindings on offer, except those kept for the help. */
export function footerOf<A extends string>(table: readonly Binding<A>[], context: KeyContext): Binding<A>[] {
  return bindingsNow(table, context).filter((b) => b.footer !== false);
}
