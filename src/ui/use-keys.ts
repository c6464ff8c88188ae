import { appendFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { useStdin } from 'ink';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { tokenize, type Keypress, type TokenizerState } from './key-tokens.js';

/**
 * Announces each time a screen's key handler is attached for a mode: `inputReady.on('ready',
 * (mode) => …)` in-process, and, when `PITSTOP_TEST_READY_FILE` is set, one line with the mode
 * appended to that file. Tests type once the mode they expect is announced, instead of
 * sleeping: a key sent before the handler is attached is lost.
 */
export const inputReady = new EventEmitter();

function announce(mode: string): void {
  inputReady.emit('ready', mode);
  const file = process.env['PITSTOP_TEST_READY_FILE'];
  if (file) {
    try {
      appendFileSync(file, `${mode}\n`);
    } catch {
      // A signal for tests only: never a reason to stop the screen.
    }
  }
}

export interface UseKeysOptions {
  /** Off: the hook listens to nothing (another part of the screen has the keys). */
  active?: boolean;
  /** The mode this handler serves, announced once the handler listens (see `inputReady`). */
  mode?: string;
  /** Announce the mode again when this changes (a new question in the same mode). */
  epoch?: unknown;
}

/**
 * The screen's keys, one at a time and in order, however they arrive: the raw chunks Ink reads
 * are taken apart by `tokenize` (several Backspaces, text and Enter, arrows, a paste), so no
 * key of a burst is lost or merged. The latest `onKey` is always the one called.
 */
export function useKeys(onKey: (key: Keypress) => void, { active = true, mode, epoch }: UseKeysOptions = {}): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const handler = useRef(onKey);
  handler.current = onKey;
  const paste = useRef<TokenizerState>({ pasting: false });

  // Layout effects: the listener is in place when the frame is committed, so keys sent right
  // after a screen change reach the new screen.
  useLayoutEffect(() => {
    if (!active || !isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [active, setRawMode, isRawModeSupported]);
  useLayoutEffect(() => {
    if (!active) return;
    const listen = (chunk: string | Buffer) => {
      const { keys, state } = tokenize(String(chunk), paste.current);
      paste.current = state;
      for (const key of keys) handler.current(key);
    };
    events.on('input', listen);
    return () => {
      events.removeListener('input', listen);
    };
  }, [active, mode, events]);

  // Announced last, in a passive effect, once the whole screen is committed.
  useEffect(() => {
    if (active && mode) announce(mode);
  }, [active, mode, epoch]);
}
