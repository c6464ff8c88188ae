import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../../src/runbook/template.js';
import { subjectOf, whenFalseSentence } from '../../src/runbook/when-sentence.js';

const ctx: TemplateContext = {
  params: { source: 'snapshot', task: 'daily', platform: 'file', litestream: false, limit: 3, note: '' },
  target: { name: 'sandbox', engine: 'libsql', path: '/tmp/x.db' },
  steps: {
    'copy-back': { outputs: { lost_total: 0, plan: null } },
    check: { outputs: { ok: true, index_only: false } },
  },
  run: { id: 'r1', started_at: '2026-11-22T13:00:00Z' },
};

describe('whenFalseSentence: why a false `when:` is false, in words', () => {
  it.each<[string, string]>([
    ["params.source == 'turso'", 'the source is snapshot, not turso'],
    ["'turso' == params.source", 'the source is snapshot, not turso'],
    ["params.task != 'daily'", 'the task is daily'],
    ['params.limit > 5', 'the limit is 3, not above 5'],
    ['5 < params.limit', 'the limit is 3, not above 5'],
    ['params.limit >= 4', 'the limit is 3, below 4'],
    ['params.limit <= 2', 'the limit is 3, above 2'],
    ['params.limit < 1', 'the limit is 3, not below 1'],
    ['steps.copy-back.outputs.lost_total > 0', 'lost total from copy-back is 0, not above 0'],
    ['params.litestream', 'the litestream is false'],
    ['params.note', 'the note is empty'],
    ['not steps.check.outputs.ok', 'ok from check is true'],
    ["params.task != 'daily' and params.platform == 'file'", 'the task is daily'],
    ["params.platform == 'file' and params.task == 'monthly'", 'the task is daily, not monthly'],
    ["params.source == 'turso' or params.source == 'litestream'", 'the source is snapshot, not turso, and the source is snapshot, not litestream'],
    ["not (params.platform == 'file' or params.litestream)", 'the platform is file'],
    ["not (params.platform == 'file' and params.task == 'daily')", 'the platform is file, and the task is daily'],
    ['steps.copy-back.outputs.plan != null', 'plan from copy-back is not set'],
    ['params.limit == params.note', 'the limit is 3, not the note (empty)'],
    ["target.path == '/srv/db'", "the target's path is /tmp/x.db, not /srv/db"],
  ])('%s → %s', (expr, sentence) => {
    expect(whenFalseSentence(expr, ctx)).toBe(sentence);
  });

  it('phrases a named condition, and says which condition did not hold', () => {
    const conditions = { remote: "params.source == 'turso' or params.source == 'litestream'", restore_needed: 'not steps.check.outputs.ok' };
    expect(whenFalseSentence('restore_needed', ctx, conditions)).toBe('restore_needed does not hold (ok from check is true)');
    expect(whenFalseSentence('not remote and restore_needed', ctx, conditions)).toBe('restore_needed does not hold (ok from check is true)');
  });

  it('falls back to the expression for a shape it cannot phrase', () => {
    expect(whenFalseSentence('false', ctx)).toBe('when: false was false');
    expect(whenFalseSentence("'a' == 'b'", ctx)).toBe("when: 'a' == 'b' was false");
    expect(whenFalseSentence('looped', ctx, { looped: 'looped' })).toBe('when: looped (looped = looped) was false');
  });

  it('names references as words', () => {
    expect(subjectOf(['params', 'app_commands'])).toBe('the app commands');
    expect(subjectOf(['steps', 'scope', 'outputs', 'heap_ok'])).toBe('heap ok from scope');
  });
});
