import type { Focus } from './run-focus.js';

/** Lines of the command shown before the rest is summed up (`pitstop run --dry-run` prints all). */
export const COMMAND_LINES = 12;

/** The step's body as the screen shows it: its lines, blank ones dropped. */
export function bodyLines(focus: Focus): string[] {
  return (focus.step.body ?? '')
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** Terminal lines a text takes once wrapped at `width` columns after an indent of `indent`. */
export function wrappedLines(text: string, width: number, indent: number): number {
  const room = Math.max(1, width - indent);
  return Math.max(1, Math.ceil(text.length / room));
}

/**
 * Terminal lines the step in focus takes at `width` columns, everything wrapped: title, body,
 * summary, command (its first `COMMAND_LINES`, and a line saying how many more) and touches.
 */
export function stepHeight(focus: Focus, width: number): number {
  const title = `[${focus.index}/${focus.total}] ${focus.step.id} — ${focus.step.title ?? ''} · stages done: ${focus.stages.join(', ')}`;
  const body = bodyLines(focus).reduce((n, line) => n + wrappedLines(line, width, 2), 0);
  const preview = focus.preview;
  if (!preview) return wrappedLines(title, width, 2) + body;
  const command = preview.lines.slice(0, COMMAND_LINES).reduce((n, line) => n + wrappedLines(line, width, 4), 0);
  const more = preview.lines.length > COMMAND_LINES ? 1 : 0;
  return wrappedLines(title, width, 2) + body + wrappedLines(preview.summary, width, 2) + command + more + 1;
}
