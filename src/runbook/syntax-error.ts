import { ConfigError, type Location } from '../errors.js';
import { RUNBOOK_HINT } from './template.js';

/**
 * An expression of a runbook (a `when:` condition, an `expr` operand) that cannot be parsed;
 * `offset` is where in the expression's text the problem is, so lint can point at it.
 */
export class ExpressionSyntaxError extends ConfigError {
  readonly offset: number;

  constructor(message: string, offset: number, opts: { location?: Location } = {}) {
    super(message, { hint: RUNBOOK_HINT, location: opts.location });
    this.offset = offset;
  }
}
