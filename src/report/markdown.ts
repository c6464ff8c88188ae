import { formatDuration } from '../util/duration.js';
import { terminalText } from '../util/terminal-text.js';
import { outcomeLines } from './outcome-markdown.js';
import type { Report, ReportAttempt, ReportStep, ReportStepStatus } from './types.js';

const MARK: Record<ReportStepStatus, string> = {
  succeeded: '✓ succeeded',
  failed: '✗ failed',
  interrupted: '⚠ interrupted',
  unfinished: '… no result yet',
  declined: '✗ declined',
  approved: 'approved, not run',
  waiting: 'waiting',
  'marked-done': '✓ marked done',
  aborted: '✗ aborted',
  skipped: '↷ skipped',
  'not-run': '— not run',
};

/**
 * The report as an incident timeline: a summary, a chronological table, then each step in full.
 * The whole text passes `terminalText` once at the end: it holds runbook text, values and
 * command output, and is read with `cat` as often as in a Markdown viewer.
 */
export function renderMarkdown(report: Report): string {
  const out: string[] = [`# Incident timeline: ${report.title}`, ''];
  out.push(...outcomeLines(report.outcome, { code, time, cell }), '');
  out.push('## Run', '', ...summary(report), '');
  if (report.damagedAt) {
    const { line, problem } = report.damagedAt;
    out.push(`> **The journal is damaged at line ${line}** (${problem}): this report stops at the line before it; what happened after is not shown.`, '');
  }
  if (Object.keys(report.params).length > 0) {
    out.push('## Parameters', '', '| Name | Value |', '|---|---|');
    for (const [k, v] of Object.entries(report.params)) out.push(`| ${cell(code(k))} | ${cell(code(String(v)))} |`);
    out.push('');
  }
  out.push('## Timeline', '', '| Time (UTC) | What | Status | Attempts | Duration | Who |', '|---|---|---|---|---|---|');
  for (const row of timelineRows(report)) out.push(`| ${row.map(cell).join(' | ')} |`);
  out.push('');
  if (report.truncatedTail) out.push('> The journal ended with a line cut short by a crash; it is left out.', '');
  out.push('## Steps', '');
  report.steps.forEach((s, i) => out.push(...stepSection(s, i + 1)));
  return terminalText(`${out.join('\n').trimEnd()}\n`);
}

function summary(r: Report): string[] {
  const rows: Array<[string, string]> = [
    ['Run', code(r.runId)],
    ['Runbook', `${code(r.runbookId)} (content hash ${code(r.runbookHash.slice(0, 12))})`],
    ['Target', `${code(r.target.name)} (${r.target.engine})`],
    ['Started', `${time(r.startedAt)} by ${r.startedBy}`],
    ['Ended', r.endedAt ? time(r.endedAt) : `— (last event ${time(r.lastEventAt)})`],
    ['Status', r.statusText],
    ['Next', code(r.next)],
    ['Duration', `${formatDuration(r.wallClockMs)} wall clock${r.pausedMs > 0 ? ` (of which paused ${formatDuration(r.pausedMs)})` : ''}`],
  ];
  // RTO and RPO are the outcome block's: one place for each number.
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| **${k}** | ${cell(v)} |`)];
}

/** Steps (at their first moment) and run pauses and resumes, in time order. */
function timelineRows(r: Report): string[][] {
  const rows: Array<{ at: string; order: number; row: string[] }> = [];
  r.moments.forEach((m, i) => rows.push({ at: m.at, order: i, row: [time(m.at), m.text, '', '', '', m.by ?? ''] }));
  r.steps.forEach((s, i) => {
    const at = s.startedAt ?? s.gates[0]?.at ?? s.inputs[0]?.at ?? null;
    if (!at) return;
    const who = [...s.gates.map((g) => `${g.by} (${g.approved ? 'approved' : 'declined'})`), ...s.inputs.map((x) => `${x.by} (input)`)];
    const doneBy = s.attempts.map((a) => a.by).filter(Boolean);
    const what = `${s.id}${s.title ? ` — ${s.title}` : ''}`;
    const duration = s.durationMs === null || isManual(s) ? '' : formatDuration(s.durationMs);
    rows.push({ at, order: r.moments.length + i, row: [time(at), what, MARK[s.status], String(s.attempts.length), duration, [...who, ...doneBy].join(', ')] });
    for (const a of s.attempts) {
      for (const stage of a.stages ?? []) rows.push({ at: stage.at, order: r.moments.length + i, row: [time(stage.at), `${s.id}: stage ${stage.name} done (attempt ${a.attempt})`, '', '', '', ''] });
    }
  });
  return rows.sort((a, b) => (a.at === b.at ? a.order - b.order : a.at < b.at ? -1 : 1)).map((x) => x.row);
}

function stepSection(s: ReportStep, n: number): string[] {
  const out = [`### ${n}. ${s.id}${s.title ? ` — ${s.title}` : ''}`, ''];
  const facts = [MARK[s.status]];
  if (s.attempts.length > 0 && !isManual(s)) facts.push(`${s.attempts.length} attempt${s.attempts.length === 1 ? '' : 's'}`);
  if (s.durationMs !== null && !isManual(s)) facts.push(formatDuration(s.durationMs));
  out.push(`Status: ${facts.join(' · ')}`, '');
  if (s.skipReason) out.push(`Skipped: ${s.skipReason}`, '');
  if (s.asked) out.push(...s.asked.split('\n').map((l) => `> ${l}`), '');
  for (const g of s.gates) out.push(`- Gate ${g.approved ? 'approved' : 'declined'} by ${g.by} at ${time(g.at)} (${g.via === 'flag' ? 'command-line flag' : 'in the TUI'}): ${g.answer}`);
  for (const x of s.inputs) out.push(`- Input given by ${x.by} at ${time(x.at)}: ${Object.entries(x.values).map(([k, v]) => `${code(k)} = ${code(v)}`).join(', ')}`);
  for (const res of s.resolutions) {
    out.push(`- ${res.after === 'interrupted' ? 'Interrupted by a crash' : 'Failed'}: ${res.by} chose ${res.choice} at ${time(res.at)}${res.note ? ` (${res.note})` : ''}`);
  }
  if (s.gates.length + s.inputs.length + s.resolutions.length > 0) out.push('');
  for (const a of s.attempts) out.push(...attemptSection(a, s.attempts.length > 1));
  return out;
}

function attemptSection(a: ReportAttempt, numbered: boolean): string[] {
  const span = a.finishedAt ? `${time(a.startedAt)} → ${time(a.finishedAt)}` : `started ${time(a.startedAt)}`;
  const took = a.durationMs === null ? '' : `, ${formatDuration(a.durationMs)}`;
  // A manual step: nothing ran, a person said it is done.
  const head = !a.request && a.by ? `**Done by ${a.by}** at ${time(a.finishedAt ?? a.startedAt)}` : `${numbered ? `**Attempt ${a.attempt}**` : '**Run**'}: ${a.status}, ${span}${took}${a.by ? `, by ${a.by}` : ''}`;
  const out = [head, ''];
  if (a.request) {
    out.push(`${a.request.summary}:`, '', ...fence(a.request.language, a.request.text));
    for (const d of a.request.details) out.push(`- ${d}`);
    if (a.request.details.length > 0) out.push('');
  }
  if (a.evidence.length > 0) {
    out.push('Evidence:', '', '| Check | Expected | Actual | Result |', '|---|---|---|---|');
    for (const e of a.evidence) out.push(`| ${cell(e.label)} | ${cell(e.expected)} | ${cell(e.actual)} | ${e.pass ? 'pass' : e.finding ? '**found**' : '**FAIL**'} |`);
    out.push('');
  }
  if (a.stages?.length) out.push(`Stages done: ${a.stages.map((st) => `${st.name} (${time(st.at)})`).join(', ')}`, '');
  if (a.outputs) out.push(`Outputs${a.outputs.truncated ? ' (shortened)' : ''}:`, '', ...fence('json', a.outputs.text));
  if (a.outputFile) out.push(`Full output: ${code(a.outputFile.file)} (${a.outputFile.lines} lines, ${a.outputFile.bytes} bytes)`, '');
  if (a.note) out.push(`Note: ${a.note}`, '');
  if (a.error) out.push('Error:', '', ...fence('', a.error));
  if (a.hint) out.push(`Hint: ${a.hint}`, '');
  return out;
}

/** A manual step: done by a person, nothing ran, so no duration worth showing. */
function isManual(s: ReportStep): boolean {
  return s.attempts.length > 0 && s.attempts.every((a) => !a.request && a.by !== undefined);
}

/** `2026-11-22T07:45:12Z`: UTC to the second, unambiguous at 3 a.m. and in a postmortem. */
function time(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(iso) ? `${iso.slice(0, 19)}Z` : iso;
}

function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\r\n?|\n/g, ' ');
}

function fence(language: string, text: string): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return [`${ticks}${language}`, text, ticks, ''];
}
