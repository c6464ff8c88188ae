import type { NotifyEventKind, NotifyHook } from '../config/schema.js';

/** What one notification says: enough for whoever is paged to act without opening a terminal. */
export interface NotifyEvent {
  kind: NotifyEventKind;
  /** When it happened (ISO 8601, UTC). */
  at: string;
  target: string;
  runbook?: string;
  runId?: string;
  /** The step the run stopped at, when it stopped at one. */
  step?: string;
  /** One line: what happened (already redacted). */
  summary: string;
  /** The command to go on with: resume, report, status. */
  command?: string;
}

const HEADLINE: Record<NotifyEventKind, string> = {
  failed: 'run failed',
  waiting: 'run waiting for an answer',
  finished: 'run finished',
  'status-warn': 'backup health is not ok',
};

/** The Slack-compatible line: `pitstop · run failed · pg-accidental-deletion on shop · at copy-back · … · next: pitstop resume ID`. */
export function notifyText(event: NotifyEvent): string {
  const parts = [
    `pitstop · ${HEADLINE[event.kind]}`,
    event.runbook ? `${event.runbook} on ${event.target}` : `target ${event.target}`,
    ...(event.step ? [`at ${event.step}`] : []),
    event.summary,
    ...(event.command ? [`next: ${event.command}`] : []),
  ];
  return parts.join(' · ');
}

/** The request body for a hook: `{"text": …}` for chat webhooks, or the event itself. */
export function notifyBody(hook: Pick<NotifyHook, 'format'>, event: NotifyEvent): string {
  return hook.format === 'json' ? JSON.stringify({ type: `notify/${event.kind}`, ...event }) : JSON.stringify({ text: notifyText(event) });
}

/** The hooks of `notify:` that want this kind of event, with their position (for messages that never show the URL). */
export function hooksFor(hooks: readonly NotifyHook[], kind: NotifyEventKind): Array<{ hook: NotifyHook; index: number }> {
  return hooks.map((hook, index) => ({ hook, index })).filter(({ hook }) => hook.on.includes(kind));
}
