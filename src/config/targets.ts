import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { LoadConfigOptions, LoadedConfig } from './load.js';
import { sandboxTarget } from './sandbox.js';

/**
 * The targets a run may use: those of pitstop.yaml, or the built-in sandbox when there is no
 * pitstop.yaml. The YAML parser and the config schema are imported only when there is a file.
 */
export async function loadTargets(opts: LoadConfigOptions): Promise<LoadedConfig> {
  if (opts.file === undefined && !existsSync(resolve(opts.cwd ?? process.cwd(), 'pitstop.yaml'))) return sandboxConfig(opts.home);
  return (await import('./load.js')).loadConfig(opts);
}

/** The targets without a pitstop.yaml: the sandbox alone. */
export function sandboxConfig(home: string): LoadedConfig {
  const sandbox = sandboxTarget(home);
  return { file: null, names: [sandbox.name], getTarget: (name) => (name === sandbox.name ? sandbox : unknownTarget(name, null, [])), locate: () => undefined };
}

/** The error for a target name that is not configured (`file` null: there is no pitstop.yaml). */
export function unknownTarget(name: string, file: string | null, names: string[]): never {
  if (file === null) {
    throw new UsageError(`unknown target ${name}; no pitstop.yaml here: the only target is the built-in sandbox`, {
      hint: 'Create pitstop.yaml with your targets (or pass --config FILE), or leave out --target to use the sandbox.',
    });
  }
  throw new UsageError(`unknown target ${name}; targets in ${file}: ${names.join(', ') || '(none)'}`, {
    hint: `Pass --target with one of them, or add "${name}" under targets: in ${file}.`,
  });
}
