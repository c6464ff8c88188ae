import { secretsInUrl } from '../util/redact.js';
import { findEnvRefs } from './env-refs.js';
import type { TargetConfig } from './schema.js';

/** Where a target's secret sits: the field of pitstop.yaml to point at. */
export type SecretField = ['auth_token'] | ['url'] | ['litestream', 'replica'];

const URL_FIELDS = ['url', 'litestream.replica'];

/**
 * A field whose value is a URL: an `${env:…}` value there is not a secret as a whole; the
 * URL's password and token parameters are, and the user and host stay readable.
 */
export function isUrlField(fieldPath: Array<string | number>): boolean {
  return URL_FIELDS.includes(fieldPath.join('.'));
}

/**
 * The target's token and the passwords and token parameters of its URLs, each also offered
 * to `check` with what it is and where it is written.
 */
export function targetSecrets(target: Partial<TargetConfig>, check: (value: string, what: string, field: SecretField) => void = () => {}): Set<string> {
  const found = new Set<string>();
  if (target.auth_token) {
    check(target.auth_token, 'auth_token', ['auth_token']);
    found.add(target.auth_token);
  }
  const urls: Array<[string | undefined, SecretField]> = [
    [target.url, ['url']],
    [target.litestream?.replica, ['litestream', 'replica']],
  ];
  for (const [url, field] of urls) {
    if (!url) continue;
    for (const s of secretsInUrl(url)) {
      check(s, `the password or token in ${field.join('.')}`, field);
      found.add(s);
    }
  }
  found.delete('');
  return found;
}

/**
 * The parts of a target written literally in pitstop.yaml (no `${env:…}`): their secrets
 * can be checked by lint, before any run.
 */
export function literalSecretFields(target: TargetConfig): Partial<TargetConfig> {
  const literal = (value: string | undefined) => (value !== undefined && findEnvRefs(value).length === 0 ? value : undefined);
  const replica = literal(target.litestream?.replica);
  return { url: literal(target.url) ?? '', ...(literal(target.auth_token) ? { auth_token: target.auth_token } : {}), ...(replica ? { litestream: { replica } } : {}) };
}
