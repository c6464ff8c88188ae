import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { drillHistory } from '../drill/history.js';
import { readDrills } from '../drill/journal.js';
import { EXIT } from '../errors.js';
import { formatDuration } from '../util/duration.js';
import { terminalJson, terminalText } from '../util/terminal-text.js';

/** `pitstop drills [--json]`: every drill and its score; per runbook the last, the best and the trend. */
export async function drillsCommand(args: CliArgs): Promise<number> {
  const history = drillHistory(readDrills(pitstopHome()));
  if (args.json) {
    process.stdout.write(`${terminalJson(history)}\n`);
    return EXIT.ok;
  }
  if (history.drills.length === 0) {
    process.stdout.write('no drills yet: `pitstop drill libsql-accidental-deletion --auto --plain` runs one\n');
    return EXIT.ok;
  }
  const lines = ['DRILL                                                   RUNBOOK                      FAULT   RESULT  RTO      ROWS LOST  RUN'];
  for (const d of history.drills) {
    const rto = d.score?.rtoMs == null ? '-' : formatDuration(d.score.rtoMs);
    lines.push(`${d.id.padEnd(55)} ${d.runbookId.padEnd(28)} ${d.fault.padEnd(7)} ${d.result.padEnd(7)} ${rto.padEnd(8)} ${String(d.score?.rowsLost ?? '-').padEnd(10)} ${d.score?.runId ?? '-'}`);
  }
  lines.push('');
  for (const r of history.runbooks) {
    const best = r.best ? `${r.best.id} (RTO ${formatDuration(r.best.rtoMs)}, ${r.best.rowsLost} rows lost)` : 'none passed';
    lines.push(`${r.runbookId}: ${r.drills} drills, ${r.passed} passed · last ${r.last.result} (${r.last.id}) · best ${best} · trend ${r.trend}`);
  }
  process.stdout.write(terminalText(`${lines.join('\n')}\n`));
  return EXIT.ok;
}
