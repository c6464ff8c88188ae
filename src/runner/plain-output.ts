import type { RunEvent, RunState } from '../engine/types.js';
import type { OutputStream } from '../executors/types.js';
import { shellQuoteForDisplay as displayArg } from '../util/shell-quote-display.js';
import { formatDuration } from '../util/duration.js';
import { terminalText } from '../util/terminal-text.js';
import type { Redactor } from '../util/redact.js';
import type { RunObserver } from './loop.js';
import { watchSkips } from './skip-watch.js';
import { fillRunId } from '../runbook/run-id-placeholder.js';

export interface OutputWriter {
  event(text: string): void;
  /** `dropped(n)` is the line that tells a reader n lines were skipped, and where they all are. */
  line(text: string, dropped: (count: number) => string): void;
}

/** Above this many bytes waiting for a slow reader of stdout, command output lines are dropped. */
const MAX_PENDING_STDOUT = 1024 * 1024;

/** Output lines are written in batches of about this many bytes (one write call each). */
const BATCH_BYTES = 64 * 1024;

/**
 * Writes to stdout without letting a slow reader (a pipe into `less`, a CI log shipper) make
 * pitstop hold the output in memory. Events always go through; command output lines are
 * dropped while the reader is behind, and a line says how many and where they all are (the
 * step log has every one). Lines are batched (stdout to a file or /dev/null writes
 * synchronously: one call per line cost more than everything else for a loud command) and
 * flushed before every event and at the end of each turn of the event loop, so the order
 * stays as it happened.
 */
export function stdoutWriter(stream: Pick<NodeJS.WritableStream, 'write'> & { writableLength: number } = process.stdout): OutputWriter {
  let dropped = 0;
  let batch: string[] = [];
  let batchBytes = 0;
  let scheduled = false;
  let noticeOf: (count: number) => string = (count) => `${count} lines dropped\n`;

  const flush = (): void => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    batchBytes = 0;
    if (stream.writableLength > MAX_PENDING_STDOUT) {
      dropped += lines.length;
      return;
    }
    if (dropped > 0) {
      stream.write(noticeOf(dropped));
      dropped = 0;
    }
    stream.write(lines.join(''));
  };

  return {
    event(text: string) {
      flush();
      if (dropped > 0 && stream.writableLength <= MAX_PENDING_STDOUT) {
        stream.write(noticeOf(dropped));
        dropped = 0;
      }
      stream.write(text);
    },
    line(text: string, droppedNotice: (count: number) => string) {
      noticeOf = droppedNotice;
      batch.push(text);
      batchBytes += text.length;
      if (batchBytes >= BATCH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    },
  };
}

/**
 * Plain lines for logs, cron and CI (and any stdout that is not a terminal): one line per
 * thing that happened, command output indented under its step, no colour, no cursor tricks.
 * Every line passes `terminalText`: runbook text, values and command output may carry escapes.
 */
export function createPlainObserver(out: OutputWriter = stdoutWriter(), opts: { redactor?: Pick<Redactor, 'text'>; before?: RunState } = {}): RunObserver {
  const line = (text: string) => out.event(`${terminalText(text)}\n`);
  const mask = (text: string) => (opts.redactor ? opts.redactor.text(text) : text);
  const newSkips = watchSkips(opts.before);
  return {
    event(event: RunEvent, state: RunState) {
      describeEvent(event, state, line);
      for (const { stepId, reason } of newSkips(state)) line(mask(`– [${state.order.indexOf(stepId) + 1}/${state.order.length}] ${stepId} skipped: ${reason}`));
    },
    output(stepId: string, text: string, stream: OutputStream) {
      // A lone \r (a progress bar) becomes a line of its own, under the same mark.
      const mark = `  ${stream === 'stderr' ? '!' : '│'} `;
      const shown = terminalText(text);
      out.line(
        shown.includes('\n') ? shown.split('\n').map((piece) => `${mark}${piece}\n`).join('') : `${mark}${shown}\n`,
        (n) => `  … ${n} output lines not shown (stdout was not read fast enough); all are in ${stepLogHint(stepId)}\n`,
      );
    },
  };
}

/** The plain line(s) for one journal event. */
function describeEvent(event: RunEvent, state: RunState, line: (text: string) => void): void {
  const step = 'stepId' in event && event.stepId ? state.runbook.steps.find((s) => s.id === event.stepId) : undefined;
  const index = step ? state.order.indexOf(step.id) + 1 : 0;
  const label = step ? `[${index}/${state.order.length}] ${step.id}` : '';
  switch (event.type) {
    case 'run/started':
      line(`pitstop · ${state.runbook.title}`);
      line(`run ${event.runId} · runbook ${event.runbookId} · target ${event.target.name} (${event.target.engine}) · by ${event.by}`);
      break;
    case 'run/resumed':
      line(`resumed run ${state.runId} · by ${event.by}`);
      break;
    case 'step/started': {
      line(`▸ ${label} — ${step?.title ?? step?.kind ?? ''}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`);
      if (event.request?.kind === 'command') line(`  $ ${event.request.argv.map(displayArg).join(' ')}`);
      if (event.request?.kind === 'sql') line(`  sql on ${event.request.on}: ${oneLine(event.request.query)}`);
      if (event.request?.kind === 'action') line(`  action ${event.request.action}`);
      const done = state.steps[event.stepId]?.checkpoints ?? [];
      if (done.length > 0) line(`  continuing after stage ${done.at(-1)!.name} (done: ${done.map((c) => c.name).join(', ')})`);
      break;
    }
    case 'step/finished': {
      const took = formatDuration(event.durationMs);
      if (event.status === 'succeeded') line(`  ✓ ${step?.id} done in ${took}${event.note ? ` — ${event.note}` : ''}`);
      else line(`  ✗ ${step?.id} failed after ${took}: ${event.error ?? 'failed'}`);
      if (event.status === 'failed' && event.hint) line(`    → ${event.hint}`);
      for (const ev of event.evidence ?? []) {
        if (ev.finding && !ev.pass) line(`    found ${ev.label}: ${ev.actual} (expected ${ev.expected})`);
        else line(`    ${ev.pass ? 'pass' : 'FAIL'} ${ev.label}: expected ${ev.expected}, got ${ev.actual}`);
      }
      break;
    }
    case 'step/checkpoint':
      line(`  · ${event.stepId}: stage ${event.name} done`);
      break;
    case 'step/precondition-failed':
      line(`✗ ${label} cannot run yet (checked before its gate; nothing was approved or run): ${event.reason}`);
      if (event.hint) line(`    → ${event.hint}`);
      break;
    case 'gate/answered':
      if (event.approved) line(`  ✓ gate of ${event.stepId} approved by ${event.by}${event.via === 'flag' ? ' (flag)' : ''}`);
      else line(`  ✗ gate of ${event.stepId} declined by ${event.by}`);
      break;
    case 'input/given':
      line(`  ✓ input for ${event.stepId}: ${Object.entries(event.values).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      break;
    case 'interrupted/resolved':
      line(`  ${event.stepId} was interrupted: ${event.choice} (by ${event.by})`);
      break;
    case 'run/paused': {
      line(`■ run paused (${event.reason})${event.stepId ? ` at ${event.stepId}` : ''}`);
      // What the person is asked to do, with the run's id in the commands it names.
      const asked = event.reason === 'manual' || event.reason === 'gate' ? step?.body?.trim() : undefined;
      if (asked) for (const text of fillRunId(asked, state.runId).split('\n')) line(`  ${text}`);
      break;
    }
    case 'run/finished':
      if (event.status === 'succeeded') line(`✓ run finished`);
      else line(`✗ run ${event.status}${event.stepId ? ` at ${event.stepId}` : ''}${event.error ? `: ${event.error}` : ''}`);
      break;
    default:
      break;
  }
}

/** Where every output line of a step is, for the notice that says some were not shown. */
export function stepLogHint(stepId: string): string {
  return `the step log (steps/${stepId}.<attempt>.log in the run directory)`;
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
