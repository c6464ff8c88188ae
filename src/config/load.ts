import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type Location } from '../errors.js';
import { readSourceFile } from '../runbook/read-source.js';
import { secretValueProblem } from '../util/secret-rule.js';
import { findMalformedRefs, substituteEnvRefs } from './env-refs.js';
import { postgresUrlProblem } from './pg-url.js';
import { dotted, issueProblems, locate, locateKey, type ConfigProblem, type Parsed } from './places.js';
import { PitstopConfig, type NotifyHook, type Target, type TargetConfig } from './schema.js';
import { sandboxConfig, unknownTarget } from './targets.js';
import { SANDBOX_NAME, sandboxTarget } from './sandbox.js';
import { isUrlField, literalSecretFields, targetSecrets } from './target-secrets.js';

export type { ConfigProblem } from './places.js';

/** The targets a run may use: from pitstop.yaml, or the built-in sandbox without one. */
export interface LoadedConfig {
  /** The config file as the operator named it, or null when the sandbox stands in. */
  file: string | null;
  names: string[];
  /**
   * A target with its `${env:…}` references resolved. Resolution happens here, on use, so
   * an unset variable of another target does not stop this one.
   */
  getTarget(name: string): Target;
  /** Where a key of pitstop.yaml is (`['targets', 'shop', 'params', …]`), for errors found on use. */
  locate(path: string[]): Location | undefined;
  /** The webhooks of `notify:` as written: their `${env:…}` references are resolved when one is sent. */
  notify?: NotifyHook[];
}

/** Where to look for pitstop.yaml and what to resolve `${env:…}` against. */
export interface LoadConfigOptions {
  /** Default `pitstop.yaml` in `cwd`; a file named explicitly must exist. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  home: string;
  cwd?: string;
}

/** Reads and checks pitstop.yaml (docs/targets.md). Problems are ConfigErrors with FILE:LINE:COL. */
export function loadConfig(opts: LoadConfigOptions): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const shown = opts.file ?? 'pitstop.yaml';
  const path = resolve(cwd, shown);
  if (!existsSync(path)) {
    if (opts.file !== undefined) {
      throw new ConfigError(`no such config file: ${shown}`, { hint: 'Check the --config path; without --config, ./pitstop.yaml is used, or the built-in sandbox when there is none.' });
    }
    return sandboxConfig(opts.home);
  }
  const text = readSourceFile(path, 'config');
  const { config, parsed, problems } = checkConfigText(text, shown);
  if (!config || problems.length > 0) throw toError(problems);

  const env = opts.env ?? process.env;
  const names = Object.keys(config.targets);
  const cache = new Map<string, Target>();
  return {
    file: shown,
    names,
    notify: config.notify ?? [],
    locate: (keyPath) => locateKey(parsed!, keyPath),
    getTarget(name) {
      const raw = Object.hasOwn(config.targets, name) ? config.targets[name] : undefined;
      // The built-in sandbox stays reachable by name (a walkthrough, a resume of a sandbox run) unless pitstop.yaml names a target so.
      if (!raw && name === SANDBOX_NAME) return sandboxTarget(opts.home);
      if (!raw) return unknownTarget(name, shown, names);
      let target = cache.get(name);
      if (!target) {
        target = resolveTarget(name, raw, parsed!, env, dirname(path));
        cache.set(name, target);
      }
      return target;
    },
  };
}

/**
 * Every problem in the text of a pitstop.yaml: YAML syntax, the schema, malformed
 * `${env:…}` references. Unset variables are not problems here (they are checked on use).
 */
export function checkConfigText(text: string, file: string): { config: PitstopConfig | null; parsed: Parsed | null; problems: ConfigProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number): Location => ({ file, ...lines.linePos(offset) });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({ location: at(e.pos[0]), message: e.message, hint: 'Fix the YAML syntax.' }));
    return { config: null, parsed: null, problems };
  }
  const parsed: Parsed = { doc, lines, text, file };
  let data: unknown;
  try {
    // The same bound as runbooks: a billion-laughs alias bomb is refused, not expanded.
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { config: null, parsed, problems: [{ location: { file, line: 1, col: 1 }, message: `YAML: ${(error as Error).message}`, hint: 'Use fewer aliases (*name): a config never needs that many.' }] };
  }
  const result = PitstopConfig.safeParse(data ?? {});
  if (!result.success) return { config: null, parsed, problems: result.error.issues.flatMap((i) => issueProblems(i, parsed)) };

  const problems: ConfigProblem[] = [];
  forEachString(result.data, [], (value, path) => {
    for (const bad of findMalformedRefs(value)) {
      problems.push({ location: locate(parsed, path, bad.text), message: `${dotted(path)}: ${bad.message}` });
    }
  });
  // Secrets written in the file are known now; those from the environment only at run time.
  for (const [name, target] of Object.entries(result.data.targets)) {
    targetSecrets(literalSecretFields(target), (value, what, field) => {
      const problem = secretValueProblem(value);
      if (problem) problems.push({ location: locate(parsed, ['targets', name, ...field]), message: `${what} of targets.${name}: ${problem}` });
    });
    // A url made of ${env:…} is checked when the target is resolved.
    const problem = target.engine === 'postgres' && !target.url.includes('${') ? postgresUrlProblem(target.url) : null;
    if (problem) problems.push({ location: locate(parsed, ['targets', name, 'url']), message: `targets.${name}.url: ${problem}` });
  }
  return { config: result.data, parsed, problems };
}

function resolveTarget(name: string, raw: TargetConfig, parsed: Parsed, env: NodeJS.ProcessEnv, baseDir: string): Target {
  const secrets = new Set<string>();
  const resolved = mapStrings(raw, ['targets', name], (value, path) => {
    const sub = substituteEnvRefs(value, env);
    if (!sub.ok) {
      const where = dotted(path);
      const state = sub.problem === 'unset' ? 'is not set' : 'is set but empty';
      throw new ConfigError(`${sub.ref.name} ${state} (referenced by ${where})`, {
        location: locate(parsed, path, sub.ref.text),
        hint: `Export it before running pitstop (export ${sub.ref.name}=…), or change ${where} in ${parsed.file}.`,
      });
    }
    // Every value from the environment is a secret, except in a URL: there the password and
    // token parameters are, and the user and host stay readable.
    if (!isUrlField(path.slice(2))) {
      for (const used of sub.used) {
        refuseWeakSecret(used.value, `${used.name} (referenced by ${dotted(path)})`, locate(parsed, path, `\${env:${used.name}}`));
        secrets.add(used.value);
      }
    }
    return sub.value;
  }) as TargetConfig;

  const refs = raw.url.includes('${') ? postgresUrlProblem(resolved.url, `the value of ${raw.url}`) : null;
  if (resolved.engine === 'postgres' && refs) {
    throw new ConfigError(`targets.${name}.url: ${refs}`, { location: locate(parsed, ['targets', name, 'url']), hint: `Set the variable to a postgresql:// URL, or change targets.${name}.url in ${parsed.file}.` });
  }
  const more = targetSecrets(resolved, (value, what, field) => refuseWeakSecret(value, `${what} of targets.${name}`, locate(parsed, ['targets', name, ...field])));
  for (const s of more) secrets.add(s);
  return { ...anchorPaths(resolved, baseDir), name, secrets: [...secrets] };
}

/** The one secret rule (secret-rule.ts), as a ConfigError pointing at the value. */
function refuseWeakSecret(value: string, what: string, location: Location): void {
  const problem = secretValueProblem(value);
  if (problem) throw new ConfigError(`${what}: ${problem}`, { location, hint: 'Use a longer secret (a token or password of at least 6 characters).' });
}

/** Relative paths in pitstop.yaml mean relative to the file, wherever pitstop is started. */
function anchorPaths(t: TargetConfig, baseDir: string): TargetConfig {
  const path = (p: string) => (p.startsWith('~/') ? resolve(homedir(), p.slice(2)) : isAbsolute(p) ? p : resolve(baseDir, p));
  const out: TargetConfig = { ...t };
  if (out.backups) out.backups = path(out.backups);
  if (out.wal_archive) out.wal_archive = path(out.wal_archive);
  if (out.restore?.data_dir) out.restore = { ...out.restore, data_dir: path(out.restore.data_dir) };
  if (out.pgbackrest?.config) out.pgbackrest = { ...out.pgbackrest, config: path(out.pgbackrest.config) };
  const file = /^file:(?!\/)([^?]*)(\?.*)?$/.exec(out.url);
  if (file && file[1] !== ':memory:' && file[1] !== '') out.url = `file:${path(file[1]!)}${file[2] ?? ''}`;
  return out;
}

function toError(problems: ConfigProblem[]): ConfigError {
  const [first, ...rest] = problems;
  const more = rest.map((p) => `\n  ${p.location.file}:${p.location.line}:${p.location.col}: ${p.message}`).join('');
  return new ConfigError(`${first!.message}${more}`, { location: first!.location, hint: first!.hint ?? 'Fix pitstop.yaml and run again (pitstop lint checks it).' });
}

function forEachString(value: unknown, path: Array<string | number>, visit: (s: string, path: Array<string | number>) => void): void {
  mapStrings(value, path, (s, p) => {
    visit(s, p);
    return s;
  });
}

function mapStrings(value: unknown, path: Array<string | number>, fn: (s: string, path: Array<string | number>) => string): unknown {
  if (typeof value === 'string') return fn(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, [...path, i], fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, [...path, k], fn)]));
  }
  return value;
}

