/**
 * What a value must be to serve as a secret, checked in one place for every secret (secret
 * parameters, `${env:…}` values, tokens and passwords in pitstop.yaml) by lint and by run.
 */

/** A shorter secret cannot be masked: `***` in place of every "abc" would mangle output. */
export const MIN_SECRET_LENGTH = 6;

/** Why `value` cannot be a secret, or null when it can. Never repeats the value. */
export function secretValueProblem(value: string): string | null {
  if (value === '') return 'a secret cannot be empty';
  if ([...value].length < MIN_SECRET_LENGTH) {
    return `a secret must be at least ${MIN_SECRET_LENGTH} characters long: a shorter one cannot be masked in output without mangling it`;
  }
  return null;
}
