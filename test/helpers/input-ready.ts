import { inputReady } from '../../src/ui/use-keys.js';

/**
 * Resolves once a screen announces that its key handler for `mode` listens (see `inputReady`),
 * counting announcements made since `watchReady` was called: start watching *before* the
 * action that changes the screen, then await, then type. No fixed sleep.
 */
export function watchReady(mode: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      inputReady.off('ready', heard);
      reject(new Error(`no key handler announced mode "${mode}" within ${timeoutMs} ms`));
    }, timeoutMs);
    function heard(announced: string) {
      if (announced !== mode) return;
      clearTimeout(timer);
      inputReady.off('ready', heard);
      resolve();
    }
    inputReady.on('ready', heard);
  });
}
