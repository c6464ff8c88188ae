import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';

/** `with:` fields naming the passphrase: the value itself (a `secret` param) or an environment variable. */
export const PassphraseArgs = {
  passphrase: z.string().min(1).optional(),
  passphrase_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
};

export function passphraseFrom(args: { passphrase?: string | undefined; passphrase_env?: string | undefined }): string {
  if (args.passphrase) return args.passphrase;
  if (args.passphrase_env) {
    const value = process.env[args.passphrase_env];
    if (value) return value;
    throw new ActionError(`the passphrase variable ${args.passphrase_env} is not set`, { hint: `Export ${args.passphrase_env} in the environment pitstop runs in (cron: in the crontab or a 0600 env file).` });
  }
  throw new ActionError('no passphrase given for GnuPG', { hint: 'Pass passphrase: "{{ params.passphrase }}" (a secret param) or passphrase_env: NAME.' });
}

/**
 * Runs `gpg` argv built by `build(passFile, home)` with a throwaway GNUPGHOME (no keyring of
 * the machine is read or changed) and the passphrase in a 0600 file inside it, so it is never
 * on a command line, and stops the gpg-agent that gpg starts for that home afterwards.
 */
export async function withGpg<T>(ctx: Pick<ActionContext, 'commands' | 'signal'>, passphrase: string, fn: (gpg: (args: string[], what: string) => Promise<void>) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'pitstop-gpg-'));
  const passFile = join(home, 'passphrase');
  await writeFile(passFile, `${passphrase}\n`, { mode: 0o600 });
  const gpg = async (args: string[], what: string): Promise<void> => {
    const argv = ['gpg', '--batch', '--quiet', '--yes', '--homedir', home, '--pinentry-mode', 'loopback', '--no-symkey-cache', '--passphrase-file', passFile, ...args];
    const result = await ctx.commands.run({ kind: 'command', argv }, { signal: ctx.signal });
    if (result.spawnError) throw new ActionError(`${what}: ${result.spawnError}`, { hint: 'Install GnuPG (Debian: gnupg).' });
    if (result.exitCode !== 0) {
      const said = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean).slice(-3).join(' | ');
      const wrong = /bad session key|decryption failed/i.test(said);
      throw new ActionError(`${what} failed${wrong ? ': wrong passphrase or damaged file' : ''} (${said || `exit ${result.exitCode}`})`, {
        hint: wrong ? 'Check the passphrase (the one used when the backup was encrypted); the file may also be damaged.' : 'Read the gpg message above.',
      });
    }
  };
  try {
    return await fn(gpg);
  } finally {
    await ctx.commands.run({ kind: 'command', argv: ['gpgconf', '--homedir', home, '--kill', 'gpg-agent'] }, { signal: new AbortController().signal }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
}
