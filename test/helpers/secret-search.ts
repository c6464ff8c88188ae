/**
 * An oracle for leaked secrets, independent of the redactor: it decodes whatever in a text
 * could be an encoding of the secret and says which forms of it are there. Base64 and hex are
 * looked for with line breaks removed, so a wrapped encoding counts as a leak too.
 */
export function leakedForms(text: string, secret: string): string[] {
  const found: string[] = [];
  const lower = text.toLowerCase();
  const bytes = Buffer.from(secret, 'utf8');
  if (lower.includes(secret.toLowerCase()) || text.includes(secret.toUpperCase())) found.push('plain or upper-cased');
  if (lower.includes(encodeURIComponent(secret).toLowerCase())) found.push('url-encoded');
  const json = JSON.stringify(secret).slice(1, -1);
  if (text.includes(json) || text.includes(asciiJson(json))) found.push('json-escaped');
  const joined = text.replace(/\r?\n(\[stderr\] )?/g, '');
  if (joined.toLowerCase().replace(/\s+/g, '').includes(bytes.toString('hex'))) found.push('hex');
  if (base64Hides(joined, bytes)) found.push('base64');
  return found;
}

function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Any run of base64 (or base64url) characters that decodes, at some offset, to bytes holding the secret. */
function base64Hides(text: string, secret: Buffer): boolean {
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    for (let shift = 0; shift < 4; shift++) {
      const part = run.slice(shift);
      for (const alphabet of ['base64', 'base64url'] as const) {
        if (Buffer.from(part, alphabet).includes(secret)) return true;
      }
    }
  }
  return false;
}
