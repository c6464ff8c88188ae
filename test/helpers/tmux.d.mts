export interface TmuxSession {
  command(...args: string[]): string;
  capture(): string;
  display(format: string): string;
  captureStyled(): string;
  keys(...keys: string[]): void;
  type(text: string): Promise<void>;
  resize(width: number, height: number): void;
  exitStatus(): number | null;
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
  ready(mode: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function startTmux(opts: { argv: string[]; cwd: string; env?: Record<string, string>; width?: number; height?: number; globalOptions?: Record<string, string> }): TmuxSession;
