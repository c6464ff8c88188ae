/**
 * Runbook text tells the operator what to type next (`pitstop report RUN_ID`) before any run
 * exists: wherever that text is shown for a run (the TUI, plain output, the report) the
 * placeholder becomes the run's id, so the command can be copied as it is.
 */
export function fillRunId(text: string, runId: string): string {
  return text.replace(/\b(pitstop\s+(?:report|resume)\s+)RUN_ID\b/g, (_, command: string) => `${command}${runId}`);
}
