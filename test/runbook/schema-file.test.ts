import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runbookJsonSchema } from '../../src/runbook/schema.js';

const committed = fileURLToPath(new URL('../../schema/runbook.schema.json', import.meta.url));

describe('schema/runbook.schema.json', () => {
  it('is exactly what `pitstop schema` prints (regenerate with UPDATE_SCHEMA=1)', () => {
    const generated = `${JSON.stringify(runbookJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(committed, generated);
    expect(readFileSync(committed, 'utf8')).toBe(generated);
  });

  it('lists every step kind for editors', () => {
    const text = readFileSync(committed, 'utf8');
    for (const kind of ['manual', 'confirm', 'input', 'command', 'sql', 'check', 'wait', 'action']) {
      expect(text).toContain(`"const": "${kind}"`);
    }
  });
});
