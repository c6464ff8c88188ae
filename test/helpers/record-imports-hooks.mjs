// The resolve hook of record-imports.mjs (it runs on the loader thread).
import { appendFileSync } from 'node:fs';

const file = process.env.PITSTOP_TEST_IMPORTS_FILE;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (file) appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
