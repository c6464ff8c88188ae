import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';
import type { Args } from './cutover.spec.js';
import { writeEnvVar } from './env-file.js';
import { replaceFileAtomically } from './replace-file.js';

/**
 * The stages of `postgres.cutover`, each journaled as a checkpoint once done, so that a
 * resume after a crash goes on after the last one instead of stopping, rewriting or
 * migrating twice: `app-stopped`, `env-rewritten`, `migrated`, `started`, `healthy`.
 */
export const CUTOVER_STAGES = ['app-stopped', 'env-rewritten', 'migrated', 'started', 'healthy'] as const;
export type CutoverStage = (typeof CUTOVER_STAGES)[number];

/**
 * Runs one stage unless an interrupted attempt finished it, and records it when it did
 * something. `work` says whether it did (false: the target declares no such app command).
 * Returns whether the stage is done (now or before).
 */
export async function stage(ctx: ActionContext, name: CutoverStage, work: () => Promise<boolean>): Promise<boolean> {
  if (ctx.done.has(name)) {
    ctx.log(`${name}: done before the interruption, not repeated`);
    return true;
  }
  if (!(await work())) return false;
  await ctx.checkpoint(name);
  return true;
}

/** What the switch of the env file left: its backup, the file replaced, what it pointed at before. */
export interface Switched {
  backup: string | null;
  file: string;
  from: string;
}

/**
 * Stage `env-rewritten`: the variable gets the new URL, atomically, the old file kept. Done
 * before the interruption, the file is only checked: it must still point at the new URL.
 */
export async function rewriteStage(
  ctx: ActionContext,
  args: Args,
  text: string,
  current: string | undefined,
  next: string,
  shown: { from: string; to: string },
): Promise<Switched> {
  const earlier = ctx.done.get('env-rewritten');
  if (earlier) {
    if (current !== next) {
      throw new ActionError(`${args.env_file} was switched to ${shown.to} before the interruption, but ${args.variable} no longer points there: not switching it again`, {
        hint: `Someone changed the file since. Check it (the file before the switch is ${String(earlier['backup'] ?? 'not kept')}), then mark this step done or abort.`,
      });
    }
    ctx.log(`env-rewritten: done before the interruption, ${args.env_file} still points at ${shown.to}`);
    return { backup: (earlier['backup'] as string | null) ?? null, file: String(earlier['file'] ?? args.env_file), from: String(earlier['previous_url'] ?? shown.from) };
  }
  let switched: Switched;
  if (current === next) {
    ctx.log(`${args.variable} in ${args.env_file} already points there; the file is left as it is`);
    switched = { backup: null, file: args.env_file, from: shown.from };
  } else {
    const replaced = await replaceFileAtomically(args.env_file, writeEnvVar(text, args.variable, next));
    ctx.log(`${args.env_file}: ${args.variable} ${shown.from} → ${shown.to} (previous file kept as ${replaced.backup})`);
    if (replaced.file !== args.env_file) ctx.log(`${args.env_file} is a link to ${replaced.file}: that file was replaced, the link is unchanged`);
    if (replaced.previousMode !== 0o600) ctx.log(`its mode was ${replaced.previousMode.toString(8).padStart(4, '0')}, now 0600 (owner kept): check the application can still read it`);
    switched = { backup: replaced.backup, file: replaced.file, from: shown.from };
  }
  await ctx.checkpoint('env-rewritten', { backup: switched.backup, file: switched.file, previous_url: switched.from });
  return switched;
}
