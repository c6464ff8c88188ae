import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { App } from '../../src/ui/App.js';
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
  /** Writes keys, then lets Ink swap in the handlers of the new frame (pitfalls: Ink on Node 20). */
  press(...keys: string[]): Promise<void>;
  /** Types text one character at a time, as a person would. */
  type(text: string): Promise<void>;
  /** Waits until the last frame shows `what`. */
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
  unmount(): void;
}

const settle = () => new Promise<void>((resolve) => setTimeout(() => setImmediate(resolve), 15));

/** The real app (launcher on disk, real sessions and runner) in ink-testing-library. */
export function mountApp(world: World, argv: string[], start: StartWith): Mounted {
  const flow = createAppFlow(createLauncher(world.args(argv)), start);
  const ui = render(<App flow={flow} />);
  flow.begin();
  const screen = () => stripVTControlCharacters(ui.lastFrame() ?? '');
  const all = () => ui.frames.map((f) => stripVTControlCharacters(f)).join('\n');
  const press = async (...keys: string[]) => {
    for (const key of keys) {
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
    async waitFor(what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const hit = (s: string) => (typeof what === 'string' ? s.includes(what) : what.test(s));
      for (;;) {
        const s = screen();
        if (hit(s)) {
          await settle();
          return s;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(what)}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    unmount: () => ui.unmount(),
  };
}
