import { describe, expect, it } from 'vitest';
import { endingOf, type Ending } from '../../src/engine/ending.js';
import type { RunEvent, StopSignal } from '../../src/engine/types.js';
import { at, ev, makeRunbook, run } from './make-runbook.js';

const probe = { id: 'probe', kind: 'check', argv: ['pg_isready'] };
const wipe = { id: 'wipe', kind: 'command', argv: ['dropdb', 'orquix'], destructive: true };
const approve = { id: 'approve', kind: 'confirm' };
const ask = { id: 'ask', kind: 'input', params: { incident_at: { type: 'string', required: true } } };
const note = { id: 'note', kind: 'manual', title: 'Tell the team' };
const copy = { id: 'copy', kind: 'command', argv: ['cp', 'a', 'b'] };

const RESUME = 'pitstop resume run-1';
const REPORT = 'pitstop report run-1';
const finished = (status: 'succeeded' | 'failed' | 'aborted', stepId?: string): RunEvent => ({ type: 'run/finished', at: at(9), status, ...(stepId ? { stepId } : {}) });
const failureResolved = (stepId: string, choice: 'retry' | 'skip' | 'abort'): RunEvent => ({ type: 'failure/resolved', at: at(5), stepId, choice, by: 'carol' });
const pausedBy = (signal: StopSignal, reason: 'sigint' | 'sigterm' | 'sighup'): RunEvent => ({ type: 'run/paused', at: at(4), reason, signal });

interface Row {
  name: string;
  steps: unknown[];
  events: RunEvent[];
  leftBy?: StopSignal;
  ending: Partial<Ending>;
  advice?: RegExp;
}

const ROWS: Row[] = [
  { name: 'every step done', steps: [probe], events: [ev.started('probe'), ev.ok('probe'), finished('succeeded')], ending: { kind: 'finished', exitCode: 0, status: 'finished', command: REPORT } },
  { name: 'a step failed (nobody decided)', steps: [probe, copy], events: [ev.started('probe'), ev.fail('probe')], ending: { kind: 'failed', exitCode: 1, status: 'failed', stepId: 'probe', command: RESUME }, advice: /^step probe failed\. Fix the cause, then: pitstop resume run-1\n$/ },
  { name: 'a step failed and headless journaled the end', steps: [probe, copy], events: [ev.started('probe'), ev.fail('probe'), finished('failed', 'probe')], ending: { kind: 'failed', exitCode: 1, status: 'failed', stepId: 'probe' } },
  { name: 'aborted after a failure', steps: [probe, copy], events: [ev.started('probe'), ev.fail('probe'), failureResolved('probe', 'abort'), finished('aborted', 'probe')], ending: { kind: 'aborted', exitCode: 3, status: 'aborted', stepId: 'probe', command: REPORT } },
  { name: 'aborted at an interrupted step', steps: [copy], events: [ev.started('copy'), ev.resumed(), ev.resolved('copy', 'abort')], ending: { kind: 'aborted', exitCode: 3, status: 'aborted', command: REPORT } },
  { name: 'paused by the operator', steps: [note], events: [ev.paused('operator')], ending: { kind: 'paused', exitCode: 3, status: 'paused', stepId: 'note', command: RESUME }, advice: /^paused\. Continue with: pitstop resume run-1\n$/ },
  { name: 'paused by SIGINT', steps: [copy], events: [ev.started('copy'), pausedBy('SIGINT', 'sigint')], ending: { kind: 'paused', exitCode: 130, status: 'paused', stepId: 'copy' } },
  { name: 'paused by SIGTERM', steps: [copy], events: [ev.started('copy'), pausedBy('SIGTERM', 'sigterm')], ending: { kind: 'paused', exitCode: 143, status: 'paused' } },
  { name: 'paused by SIGHUP', steps: [copy], events: [ev.started('copy'), pausedBy('SIGHUP', 'sighup')], ending: { kind: 'paused', exitCode: 129, status: 'paused' } },
  { name: 'paused because the state home failed', steps: [copy], events: [ev.started('copy'), ev.paused('state-home', 'copy')], ending: { kind: 'paused', exitCode: 4, status: 'paused' } },
  { name: 'stopped at a typed gate', steps: [wipe], events: [ev.paused('gate', 'wipe')], ending: { kind: 'stopped', exitCode: 3, status: 'stopped-at-gate', stepId: 'wipe', command: `${RESUME} --confirm "orquix"` }, advice: /needs a typed confirmation.*\n.*--yes never passes a typed gate/ },
  { name: 'stopped at a typed gate after a wrong phrase', steps: [wipe], events: [ev.gate('wipe', true, 'orqiux'), ev.paused('gate', 'wipe')], ending: { kind: 'stopped', status: 'stopped-at-gate', exitCode: 3 }, advice: /^the phrase given for wipe does not match: nothing was approved\.\n$/ },
  { name: 'stopped at a confirm gate', steps: [approve], events: [ev.paused('gate', 'approve')], ending: { kind: 'stopped', exitCode: 3, status: 'stopped-at-gate', command: `${RESUME} --yes` } },
  { name: 'a confirm gate declined at the keyboard', steps: [approve], events: [ev.gate('approve', false)], ending: { kind: 'stopped', exitCode: 3, status: 'stopped-at-gate', command: `${RESUME} --yes` } },
  { name: 'stopped at an input', steps: [ask], events: [ev.paused('input', 'ask')], ending: { kind: 'stopped', exitCode: 3, status: 'paused', command: `${RESUME} --set incident_at=…` } },
  { name: 'stopped at a manual step', steps: [note], events: [ev.paused('manual', 'note')], ending: { kind: 'stopped', exitCode: 3, status: 'paused', command: `${RESUME} --yes` }, advice: /manual step note: Tell the team/ },
  { name: 'stopped at an interrupted step', steps: [copy], events: [ev.started('copy'), ev.resumed(), ev.paused('interrupted', 'copy')], ending: { kind: 'stopped', exitCode: 3, status: 'paused', command: `${RESUME} --mark-done copy` }, advice: /--confirm "rerun copy"/ },
  { name: 'a step still running: nothing left to do is a bug, never success', steps: [copy], events: [ev.started('copy')], ending: { kind: 'unfinished', exitCode: 1, status: 'paused', stepId: 'copy' }, advice: /bug in pitstop/ },
  { name: 'a question never answered nor paused: a bug too', steps: [approve], events: [], ending: { kind: 'unfinished', exitCode: 1, status: 'paused', stepId: 'approve' } },
  { name: 'failed, then the process was forced out by SIGTERM', steps: [probe], events: [ev.started('probe'), ev.fail('probe'), finished('failed', 'probe')], leftBy: 'SIGTERM', ending: { kind: 'failed', exitCode: 143, status: 'failed' } },
  { name: 'finished, forced out by SIGINT at that moment', steps: [probe], events: [ev.started('probe'), ev.ok('probe')], leftBy: 'SIGINT', ending: { kind: 'finished', exitCode: 130, status: 'finished' } },
];

describe('the ending of a run, derived from its state alone', () => {
  it.each(ROWS)('$name', ({ steps, events, leftBy, ending, advice }) => {
    const { state } = run(makeRunbook({ steps }), events);
    const got = endingOf(state, leftBy);
    expect(got).toMatchObject(ending);
    if (advice) expect(got.advice).toMatch(advice);
    expect(got.advice.endsWith('\n')).toBe(true);
    expect(got.next).toContain(got.command.startsWith(RESUME) ? RESUME : REPORT);
  });

  it('no terminal state is left out of the table', () => {
    const kinds = new Set(ROWS.map((r) => r.ending.kind));
    expect([...kinds].sort()).toEqual(['aborted', 'failed', 'finished', 'paused', 'stopped', 'unfinished']);
    const codes = new Set(ROWS.map((r) => r.ending.exitCode).filter((c) => c !== undefined));
    expect([...codes].sort((a, b) => a! - b!)).toEqual([0, 1, 3, 4, 129, 130, 143]);
  });
});
