import { endingOf } from '../engine/ending.js';
import type { RunEvent, RunState } from '../engine/types.js';
import { terminalJson } from '../util/terminal-text.js';
import type { Redactor } from '../util/redact.js';
import type { RunObserver } from './loop.js';
import { stdoutWriter, stepLogHint, type OutputWriter } from './plain-output.js';
import { watchSkips } from './skip-watch.js';

export interface JsonObserverOptions {
  /** Masks secrets in what the observer adds to the journal's events (an ending's command may hold a gate phrase). */
  redactor?: Pick<Redactor, 'deep'>;
  /** The state a resumed run's journal replayed to: its skips are not told again. */
  before?: RunState;
}

/**
 * NDJSON: every journal event as it happens, plus each output line, for machines. Run events
 * carry the run id; `run/finished` and `run/paused` (the last line of a headless run) carry
 * the exit code the process leaves with and the ending (status, summary, next command); a
 * step the engine skipped gets a `step/skipped` line with the reason. Each line is escaped
 * JSON: C1 and bidi controls too, which JSON.stringify leaves raw (stdout may be a terminal).
 */
export function createJsonObserver(out: OutputWriter = stdoutWriter(), opts: JsonObserverOptions = {}): RunObserver {
  const json = (value: unknown) => `${terminalJson(value)}\n`;
  const mask = <T>(value: T): T => (opts.redactor ? (opts.redactor.deep(value) as T) : value);
  const newSkips = watchSkips(opts.before);
  return {
    event(event, state) {
      // The loop masked the event already: only what is added here needs masking.
      const shown = forMachines(event, state);
      out.event(json(shown === event ? event : mask(shown)));
      for (const skipped of newSkips(state)) out.event(json(mask({ type: 'step/skipped', at: event.at, ...skipped })));
    },
    output(stepId, text, stream) {
      out.line(
        json({ type: 'step/line', stepId, stream, line: text }),
        (count) => json({ type: 'step/lines-dropped', stepId, count, reason: 'stdout was not read fast enough', log: stepLogHint(stepId) }),
      );
    },
  };
}

/** The journal's event, with what a machine reading stdout alone needs to know about the run. */
function forMachines(event: RunEvent, state: RunState): object {
  if (event.type === 'run/finished' || event.type === 'run/paused') {
    const { exitCode, status, summary, command, stepId } = endingOf(state);
    return { ...event, runId: state.runId, exitCode, ending: { status, summary, command, ...(stepId ? { stepId } : {}) } };
  }
  return event.type.startsWith('run/') ? { ...event, runId: state.runId } : event;
}
