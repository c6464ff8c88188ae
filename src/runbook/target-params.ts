import type { ParamValue } from '../engine/types.js';
import { ConfigError, type Location } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { parseParamValue } from './params.js';
import type { Runbook } from './schema.js';

/** One entry of a target's `params:` that does not fit its runbook, and where it is. */
export interface TargetParamProblem {
  /** `['targets', TARGET, 'params', RUNBOOK, PARAM]`: the key in pitstop.yaml. */
  path: string[];
  message: string;
}

/**
 * A target's `params:` entry for one runbook (`targets.T.params.RUNBOOK`), checked against
 * the runbook's parameters: every value typed as `--set` would be, every name one the
 * runbook declares. A parameter asked by an input step is not preset from the target: the
 * step asks it while the run goes, with the step's own default.
 */
export function checkTargetParams(
  runbook: Pick<Runbook, 'id' | 'params' | 'steps'>,
  targetName: string,
  entry: Record<string, string | number | boolean> | undefined,
): { values: Record<string, ParamValue>; problems: TargetParamProblem[] } {
  const values: Record<string, ParamValue> = {};
  const problems: TargetParamProblem[] = [];
  const specs = runbook.params ?? {};
  const declared = Object.keys(specs);
  for (const [name, raw] of Object.entries(entry ?? {})) {
    const path = ['targets', targetName, 'params', runbook.id, name];
    const where = path.join('.');
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      const input = runbook.steps.find((s) => s.kind === 'input' && Object.hasOwn(s.params, name));
      const message = input
        ? `${where}: ${name} is asked by the input step ${input.id} while the run goes; a target cannot preset it`
        : `${where}: runbook ${runbook.id} has no parameter ${name}${didYouMean(name, declared)}; its parameters: ${declared.join(', ') || '(none)'}`;
      problems.push({ path, message });
      continue;
    }
    const check = parseParamValue(name, spec, raw);
    if (check.ok) values[name] = check.value;
    else problems.push({ path, message: `${where}: ${check.error}` });
  }
  return { values, problems };
}

/**
 * The typed values a target presets for a runbook, or a ConfigError naming every entry that
 * does not fit (a typo here would otherwise leave the runbook's default in force, silently).
 * Values given with `--set` are left out of the check: they win anyway.
 */
export function targetParamValues(
  runbook: Pick<Runbook, 'id' | 'params' | 'steps'>,
  target: { name: string; params?: Record<string, Record<string, string | number | boolean>> | undefined },
  opts: { given?: Record<string, string>; file?: string | null; locate?: (path: string[]) => Location | undefined } = {},
): Record<string, ParamValue> {
  const entry = target.params && Object.hasOwn(target.params, runbook.id) ? target.params[runbook.id] : undefined;
  const given = opts.given ?? {};
  const open = Object.fromEntries(Object.entries(entry ?? {}).filter(([name]) => !Object.hasOwn(given, name)));
  const { values, problems } = checkTargetParams(runbook, target.name, open);
  if (problems.length === 0) return values;
  const [first, ...rest] = problems;
  const at = (p: TargetParamProblem) => opts.locate?.(p.path);
  const more = rest.map((p) => {
    const loc = at(p);
    return `\n  ${loc ? `${loc.file}:${loc.line}:${loc.col}: ` : ''}${p.message}`;
  });
  const location = at(first!);
  return fail(`${first!.message}${more.join('')}`, location, opts.file ?? 'pitstop.yaml');
}

function fail(message: string, location: Location | undefined, file: string): never {
  throw new ConfigError(message, {
    ...(location ? { location } : {}),
    hint: `Fix the entry under params: in ${file} (pitstop lint ${file} checks it), or pass the value with --set.`,
  });
}
