import { terminalJson, terminalText } from '../util/terminal-text.js';
import type { WorldSchema } from './from-target.js';
import type { DrillEvent } from './journal.js';
import { scoreLines } from './score-text.js';

/** Shows drill events: plain lines for people, or NDJSON beside the run's own events. */
export function createDrillOutput(json: boolean, write: (text: string) => void = (t) => process.stdout.write(t)): { event(event: DrillEvent): void } {
  if (json) return { event: (event) => write(`${terminalJson(event)}\n`) };
  const line = (text: string) => write(`${terminalText(text)}\n`);
  return {
    event(event) {
      for (const text of plainLines(event)) line(text);
    },
  };
}

/** The lines a person reads for one drill event (the plain output, and the TUI's progress). */
export function plainLines(event: DrillEvent): string[] {
  switch (event.type) {
    case 'drill/started':
      return [`drill ${event.drillId} · runbook ${event.runbookId} · fault ${event.fault} · ${event.engine}${event.auto ? ' · --auto' : ''}`];
    case 'drill/world':
      return [`world: ${event.dir} (target drill) · backed up by run ${event.backupRunId}`, ...(event.schema ? schemaLines(event.schema) : [])];
    case 'drill/backup':
      return [`backup to restore from: ${event.snapshot} (${event.choice}, one of ${event.candidates} verified, backup runs ${event.backupRunIds.join(', ')})`];
    case 'drill/fingerprint':
      return [`fingerprint: ${Object.entries(event.tables).map(([t, f]) => `${t} ${f.rows}`).join(', ')} rows · the application is writing`];
    case 'drill/fault': {
      if (event.facts.summary) return [`fault ${event.facts.kind}: ${event.facts.summary}`];
      const children = Object.entries(event.facts.children ?? {}).map(([t, n]) => ` (+${n} ${t} by cascade)`).join('');
      return [`fault ${event.facts.kind}: ${event.facts.rows} rows of ${event.facts.table} deleted in one transaction${children}`];
    }
    case 'drill/page':
      return ['', '── page ──', ...event.alert, '', 'application log (server time):', ...event.log.map((l) => `  ${l}`), '──────────', ''];
    case 'drill/recovery':
      return [`recovery: run ${event.runId} against target drill`];
    case 'drill/scored':
      return ['', ...scoreLines(event.score)];
    case 'drill/cleaned':
      return [
        event.kept ? `world kept: ${event.dir}` : `world removed${event.writerFailures ? ` (${event.writerFailures} application writes failed)` : ''}`,
        ...(event.unfinishedRun && !event.kept ? [`the recovery run ${event.unfinishedRun} did not finish; its world is gone, so it cannot be resumed: drill again (--keep keeps the world to resume in)`] : []),
        ...(event.unfinishedRun && event.kept ? [`the recovery run ${event.unfinishedRun} did not finish: pitstop resume ${event.unfinishedRun}`] : []),
      ];
    case 'drill/failed':
      return [`drill failed: ${event.error}`];
    default:
      return [];
  }
}


/** What `--from-target` made the world of: the target's tables and their generated rows, and what was left out. */
function schemaLines(schema: WorldSchema): string[] {
  return [
    `schema of target ${schema.fromTarget} (no row of it read): ${Object.entries(schema.tables).map(([t, n]) => `${t} ${n}`).join(', ')} rows generated`,
    ...schema.refused.map((r) => `  table ${r.table} left empty: ${r.reason}`),
    ...schema.notHonoured.map((c) => `  ${c.table}: CHECK (${c.check}) not honoured: ${c.how}`),
  ];
}
