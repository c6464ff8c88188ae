import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { App } from '../../src/ui/App.js';
import { inputReady } from '../../src/ui/use-keys.js';
import { createAppFlow, type AppFlow, type StartWith } from '../../src/ui/app-flow.js';
import { createLauncher } from '../../src/ui/launcher.js';
import type { World } from './world.js';

export const KEY = {
  enter: '\r',
  escape: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  ctrlC: '\u0003',
  backspace: '\u007f',
} as const;

export interface Mounted {
  flow: AppFlow;
  /** The last frame, without colours. */
  screen(): string;
  /** Every frame drawn so far, without colours (finished steps are printed once, in `<Static>`). */
  all(): string;
  /** Writes keys, one chunk each, letting the app react between them. */
  press(...keys: string[]): Promise<void>;
  /** Types text one character at a time, as a person would. */
  type(text: string): Promise<void>;
  /** Writes one chunk: a burst of keys, as a fast typist, a paste or tmux sends them. */
  burst(keys: string): void;
  /** Waits until the last frame shows `what`. */
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until a key handler for `mode` listens (announced since the last key written). */
  ready(mode: string, timeoutMs?: number): Promise<void>;
  unmount(): void;
}

// A turn of the event loop: what the app does in reaction to a key (no fixed time).
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A terminal of this size instead of ink-testing-library's 100 columns. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The real app (launcher on disk, real sessions and runner) in ink-testing-library. */
export function mountApp(world: World, argv: string[], start: StartWith, size?: TerminalSize): Mounted {
  const flow = createAppFlow(createLauncher(world.args(argv)), start);
  // Modes whose key handler was announced since the last key written.
  let heard: string[] = [];
  const listen = (mode: string) => heard.push(mode);
  inputReady.on('ready', listen);
  const ui = render(<App flow={flow} />);
  if (size) {
    // As a terminal resized to that size: Ink and the screens read these and hear 'resize'.
    Object.defineProperty(ui.stdout, 'columns', { get: () => size.columns });
    Object.defineProperty(ui.stdout, 'rows', { get: () => size.rows });
    ui.stdout.emit('resize');
  }
  flow.begin();
  const screen = () => stripVTControlCharacters(ui.lastFrame() ?? '');
  const all = () => ui.frames.map((f) => stripVTControlCharacters(f)).join('\n');
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      heard = [];
      ui.stdin.write(key);
      await settle();
    }
  };
  return {
    flow,
    screen,
    all,
    press,
    type: async (text) => press(...text.split('')),
    burst(keys) {
      heard = [];
      ui.stdin.write(keys);
    },
    async ready(mode, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!heard.includes(mode)) {
        if (Date.now() > deadline) throw new Error(`no key handler for "${mode}" (heard: ${heard.join(', ') || 'none'}); screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async waitFor(what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const hit = (s: string) => (typeof what === 'string' ? s.includes(what) : what.test(s));
      for (;;) {
        const s = screen();
        // Every part of a drawn frame listens already: keys attach in layout effects.
        if (hit(s)) return s;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(what)}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    unmount: () => {
      inputReady.off('ready', listen);
      ui.unmount();
    },
  };
}
