/** How a delivery went; `error` never contains the URL (webhook URLs are secrets). */
export type Delivery = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

export interface DeliverOptions {
  /** Per attempt (default 5 s): a slow webhook must not hold an incident run. */
  timeoutMs?: number;
  /** Attempts after the first (default 1). */
  retries?: number;
}

/**
 * POSTs `body` (JSON) to `url`, with a timeout per attempt and one retry. Never throws: a
 * notification that cannot be delivered never changes what the run did. The URL is scrubbed
 * from every error text, since Node's errors may quote it.
 */
export async function deliver(url: string, body: string, opts: DeliverOptions = {}): Promise<Delivery> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const attempts = 1 + (opts.retries ?? 1);
  let error = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // Drain the body so the connection is released; its text is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, attempts: attempt };
      error = `the webhook answered HTTP ${response.status}`;
    } catch (caught) {
      error = describe(caught, timeoutMs);
    }
  }
  return { ok: false, attempts, error: scrub(error, url) };
}

function describe(caught: unknown, timeoutMs: number): string {
  const err = caught as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message}: ${cause}` : err.message;
}

function scrub(text: string, url: string): string {
  return text.split(url).join('<webhook url>');
}
