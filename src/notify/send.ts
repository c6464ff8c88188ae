import { substituteEnvRefs } from '../config/env-refs.js';
import type { NotifyHook } from '../config/schema.js';
import { deliver, type DeliverOptions } from './deliver.js';
import { hooksFor, notifyBody, type NotifyEvent } from './message.js';

/** One hook that could not be told, named by its place in pitstop.yaml, never by its URL. */
export interface NotifyFailure {
  hook: string;
  error: string;
}

/**
 * Sends `event` to every hook of `notify:` that wants it, concurrently. Resolves `${env:…}`
 * in each URL now (an unset variable is that hook's failure, not the run's). Never throws.
 */
export async function sendNotifications(
  hooks: readonly NotifyHook[],
  event: NotifyEvent,
  opts: DeliverOptions & { env?: NodeJS.ProcessEnv } = {},
): Promise<NotifyFailure[]> {
  const env = opts.env ?? process.env;
  const results = await Promise.all(
    hooksFor(hooks, event.kind).map(async ({ hook, index }): Promise<NotifyFailure | null> => {
      const name = `notify[${index}]`;
      const url = substituteEnvRefs(hook.url, env);
      if (!url.ok) return { hook: name, error: `${url.ref.name} is ${url.problem === 'unset' ? 'not set' : 'empty'} (referenced by ${name}.url)` };
      const sent = await deliver(url.value, notifyBody(hook, event), opts);
      return sent.ok ? null : { hook: name, error: `${sent.error} (after ${sent.attempts} attempts)` };
    }),
  );
  return results.filter((r): r is NotifyFailure => r !== null);
}

/** The resolved URLs of the hooks, for the redactor: a webhook URL is a secret. */
export function notifySecrets(hooks: readonly NotifyHook[], env: NodeJS.ProcessEnv = process.env): string[] {
  return hooks.flatMap((hook) => {
    const url = substituteEnvRefs(hook.url, env);
    return url.ok ? [url.value] : [];
  });
}
