import type pg from 'pg';
import { ActionError, PitstopError } from '../../errors.js';
import { createRedactor } from '../../util/redact.js';
import { splitLibpqUrl } from './libpq-url.js';

/**
 * One connection for an action's own statements on a database the step's SQL executor does
 * not reach (another database of the target's server: a scratch or restore database).
 * Errors come back as ActionError saying `what` failed, with the target's secrets and the
 * URL's own password masked. `pg` is loaded here, not at import, so lint and list stay fast.
 */
export async function withPg<T>(url: string, secrets: string[], what: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { default: pgLib } = await import('pg');
  const password = splitLibpqUrl(url)?.password;
  const redact = createRedactor(password ? [...secrets, password] : secrets);
  const client = new pgLib.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ActionError(`${what}: cannot connect: ${redact.text((error as Error).message)}`, { hint: 'Check the target url, that the server is up and that the database exists.' });
  }
  try {
    return await fn(client);
  } catch (error) {
    if (error instanceof PitstopError) throw error;
    throw new ActionError(`${what}: ${redact.text((error as Error).message)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
