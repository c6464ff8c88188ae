import type pg from 'pg';
import { PitstopError } from '../../errors.js';
import { maskPassword } from './display-url.js';

/**
 * Runs `fn` with one connection to `url` and closes it. `pg` is loaded here, not at import,
 * so lint and list stay fast. A connection that cannot be made is a PitstopError naming the
 * database with its password masked.
 */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  // A connection lost while idle would otherwise be an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new PitstopError(`cannot connect to ${maskPassword(url)}: ${(error as Error).message}`, {
      hint: 'Check that the server is running and the URL (host, port, database, user) is right.',
    });
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
