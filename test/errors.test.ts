import { describe, expect, it } from 'vitest';
import { ActionError, ConfigError, EXIT, PitstopError, UsageError } from '../src/errors.js';
import { TemplateError } from '../src/runbook/template.js';
import { WhenSyntaxError } from '../src/runbook/when-parse.js';

describe('the error family', () => {
  it('an ActionError is a failed step (exit 1), never a usage error, and keeps its hint and cause', () => {
    const cause = new Error('ENOENT');
    const error = new ActionError('backup file not found: x.db', { hint: 'Check the path.', cause });
    expect(error).toBeInstanceOf(PitstopError);
    expect(error.exitCode).toBe(EXIT.stepFailed);
    expect(error.hint).toBe('Check the path.');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ActionError');
  });

  it('runbook template and condition errors are ConfigErrors (exit 2) that keep a location when given one', () => {
    const template = new TemplateError('params.x is not defined', 3, { location: { file: 'r.yaml', line: 7, col: 9 } });
    const when = new WhenSyntaxError('expected a value', 0);
    for (const error of [template, when]) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.exitCode).toBe(EXIT.usage);
    }
    expect(template.location).toEqual({ file: 'r.yaml', line: 7, col: 9 });
    expect(template.name).toBe('TemplateError');
    expect(when.name).toBe('WhenSyntaxError');
    expect(new UsageError('x').exitCode).toBe(EXIT.usage);
  });
});
