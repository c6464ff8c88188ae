import { formatDuration } from '../util/duration.js';
import type { DrillScore } from './score.js';

const mark = (ok: boolean | null) => (ok === null ? '' : ok ? ' ✓' : ' ✗');
const sla = (ms: number | undefined) => (ms === undefined ? 'no SLA' : `SLA ${formatDuration(ms)}`);

/** The score for people: the end of a plain drill, and the report's drill section. */
export function scoreLines(score: DrillScore): string[] {
  const lost = Object.entries(score.lostByTable).map(([t, n]) => `${t} ${n}`).join(', ');
  return [
    `score: ${score.passed ? 'PASS' : 'FAIL'} (recovery run ${score.runId})`,
    `  RTO ${score.rtoMs === null ? 'not reached (recovery not validated)' : formatDuration(score.rtoMs)} (${sla(score.sla.rtoMs)})${mark(score.rtoWithinSla)}`,
    `  RPO ${score.rowsLost} committed rows lost${lost ? ` (${lost})` : ''}${score.rowsLostFromBackup ? `, ${score.rowsLostFromBackup} of them in the backup` : ''}, ${formatDuration(score.rpoMs)} of writes (${sla(score.sla.rpoMs)})${mark(score.rpoWithinSla)}`,
    `  duplicates ${score.duplicates}${score.unexpectedRows ? ` · ${score.unexpectedRows} rows never committed` : ''} · validation ${score.validated ? 'passed' : 'NOT passed'} · application rows kept ${score.writerRowsKept}/${score.writerRows}`,
    `  slowest steps: ${score.slowest.map((s) => `${s.stepId} ${formatDuration(s.ms)}`).join(', ') || '(none)'}`,
    ...(score.backup ? [`  backup: ${score.backup.choice}, ${score.backup.snapshot} (taken ${score.backup.takenAt}, one of ${score.backup.candidates} verified)`] : []),
    ...(score.guided ? [`  guided: ${score.hintsShown ?? 0} hints shown`] : []),
  ];
}
