import type { RunEvent, RunState } from '../engine/types.js';
import type { OutputStream } from '../executors/types.js';
import { shellQuoteForDisplay as displayArg } from '../actions/app/app-command.js';
import { formatDuration } from '../util/duration.js';
import type { RunObserver } from './loop.js';

type Write = (text: string) => void;

/**
 * Plain lines for logs, cron and CI (and any stdout that is not a terminal): one line per
 * thing that happened, command output indented under its step, no colour, no cursor tricks.
 */
export function createPlainObserver(write: Write = (t) => process.stdout.write(t)): RunObserver {
  const line = (text: string) => write(`${text}\n`);
  return {
    event(event: RunEvent, state: RunState) {
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
          break;
        }
        case 'step/finished': {
          const took = formatDuration(event.durationMs);
          if (event.status === 'succeeded') line(`  ✓ ${step?.id} done in ${took}${event.note ? ` — ${event.note}` : ''}`);
          else line(`  ✗ ${step?.id} failed after ${took}: ${event.error ?? 'failed'}`);
          for (const ev of event.evidence ?? []) {
            line(`    ${ev.pass ? 'pass' : 'FAIL'} ${ev.label}: expected ${ev.expected}, got ${ev.actual}`);
          }
          break;
        }
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
        case 'run/paused':
          line(`■ run paused (${event.reason})${event.stepId ? ` at ${event.stepId}` : ''}`);
          break;
        case 'run/finished':
          if (event.status === 'succeeded') line(`✓ run finished`);
          else line(`✗ run ${event.status}${event.stepId ? ` at ${event.stepId}` : ''}${event.error ? `: ${event.error}` : ''}`);
          break;
        default:
          break;
      }
    },
    output(_stepId: string, text: string, stream: OutputStream) {
      line(`  ${stream === 'stderr' ? '!' : '│'} ${text}`);
    },
  };
}

/** NDJSON: every journal event as it happens, plus each output line, for machines. */
export function createJsonObserver(write: Write = (t) => process.stdout.write(t)): RunObserver {
  return {
    event(event) {
      write(`${JSON.stringify(event)}\n`);
    },
    output(stepId, text, stream) {
      write(`${JSON.stringify({ type: 'step/line', stepId, stream, line: text })}\n`);
    },
  };
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
