// Drives a program in a real pseudo-terminal through tmux, as a person at a keyboard would:
// send keys, read the screen. Each session gets its own tmux server (-L) so nothing of the
// user's tmux is touched; `close()` stops that server and only that one.
// Shared by the pseudo-terminal tests and `npm run bench` (time to first frame, key latency).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

let counter = 0;

/**
 * @param {{ argv: string[], cwd: string, env?: Record<string, string>, width?: number, height?: number, globalOptions?: Record<string, string> }} opts
 * `globalOptions` are set on the server before the program starts (e.g. `set-clipboard: 'on'`).
 */
export function startTmux(opts) {
  const socket = `pitstop-${process.pid}-${++counter}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  // An idle session keeps the server up and lets remain-on-exit be set before the program starts.
  tmux('new-session', '-d', '-s', 'idle', 'sleep', '3600');
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  for (const [name, value] of Object.entries(opts.globalOptions ?? {})) tmux('set-option', '-g', name, value);
  // The app appends a line with the mode each time a screen's key handler listens.
  const readyFile = join(mkdtempSync(join(tmpdir(), 'pitstop-ready-')), 'ready');
  let readyLinesSeen = 0;
  const env = Object.entries({ ...opts.env, PITSTOP_TEST_READY_FILE: readyFile }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // CI must be absent, not empty: Ink (is-in-ci) treats any CI value but 0/false as CI and then
  // draws only the last frame. `env -u` removes it from what the server inherited.
  const argv = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...opts.argv];
  tmux('new-session', '-d', '-s', 'app', '-x', String(opts.width ?? 100), '-y', String(opts.height ?? 30), '-c', opts.cwd, ...env, '--', ...argv);

  const display = (format) => tmux('display-message', '-p', '-t', 'app', format).trim();
  const capture = () => tmux('capture-pane', '-p', '-t', 'app');
  const captureStyled = () => tmux('capture-pane', '-p', '-e', '-t', 'app');
  return {
    /** Any tmux command on this session's own server (e.g. `list-buffers`); its output. */
    command: (...args) => tmux(...args),
    capture,
    /** A tmux format of the program's pane (e.g. `#{pane_tty}`). */
    display,
    /** The screen with its colour and style escapes. */
    captureStyled,
    /** Named keys (Enter, Escape, Down, C-c …), one tmux key each. */
    keys: (...keys) => void tmux('send-keys', '-t', 'app', ...keys),
    /** Literal text, one key at a time as a person types (a paste arrives as one chunk). */
    async type(text) {
      for (const ch of text) {
        tmux('send-keys', '-t', 'app', '-l', ch);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    resize: (width, height) => void tmux('resize-window', '-t', 'app', '-x', String(width), '-y', String(height)),
        /**
     * The exit status once the program has ended, else null; -1 when it ended but tmux did not
     * record a status (seen with tmux 3.3: the pane is dead, its status empty). Tests that need
     * the status print it from a wrapping shell.
     */
    exitStatus: () => {
      const [dead, status] = display('#{pane_dead} #{pane_dead_status}').split(' ');
      if (dead !== '1') return null;
      return status !== undefined && status !== '' ? Number(status) : -1;
    },
    /**
     * Waits until the app announces that a key handler for `mode` listens (home, params,
     * gate-typed, manual…), counting only announcements after the last one `ready` consumed.
     */
    async ready(mode, timeoutMs = 20_000) {
      const announced = () => (existsSync(readyFile) ? readFileSync(readyFile, 'utf8').split('\n').filter(Boolean) : []);
      const found = () => {
        const at = announced().indexOf(mode, readyLinesSeen);
        if (at >= 0) readyLinesSeen = at + 1;
        return at >= 0;
      };
      if (found()) return;
      // Woken by each write to the ready file (its directory is watched: the file may not exist yet).
      await new Promise((resolve, reject) => {
        const watcher = watch(dirname(readyFile), () => {
          if (!found()) return;
          clearTimeout(timer);
          watcher.close();
          resolve(undefined);
        });
        const timer = setTimeout(() => {
          watcher.close();
          if (found()) return resolve(undefined);
          reject(new Error(`no key handler for "${mode}" (announced: ${announced().slice(readyLinesSeen).join(', ') || 'none'}); screen:\n${capture()}`));
        }, timeoutMs);
        // Announced between the first look and the watch starting.
        if (found()) {
          clearTimeout(timer);
          watcher.close();
          resolve(undefined);
        }
      });
    },
    /** Polls the screen until it shows `what` (a string or RegExp); returns the screen. */
    async waitFor(what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = capture();
        // The screens attach their key handlers before the frame is written (see useKeys); to
        // type into a screen that just appeared, wait for `ready(mode)`.
        if (typeof what === 'string' ? screen.includes(what) : what.test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(what)}; screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => {
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
      rmSync(dirname(readyFile), { recursive: true, force: true });
    },
  };
}
