import type { WrappableForm } from './redact-edges.js';

/**
 * The forms a secret takes when a program prints it: as is, upper- or lower-cased,
 * URL-encoded, JSON-escaped, hex (either case) and base64 / base64url at each of the three
 * byte alignments it can have inside a larger encoded blob.
 */
export interface SecretForms {
  /** Masked wherever they occur (case-insensitively). */
  whole: string[];
  /**
   * Case-sensitive forms that a wrapping program (base64 at 76 columns, xxd -p at 60) may
   * cut across lines: a piece of one at the start or end of a line is masked when it has at
   * least 6 characters of base64 (36 bits) or 8 of hex or plain text (32 bits or more; plain
   * words and hex dumps are common, so their pieces must be longer to mean the secret).
   */
  wrappable: WrappableForm[];
}

const BASE64_PIECE = 6;
const TEXT_PIECE = 8;

/** Every form of `secret` worth masking (see `SecretForms`). */
export function secretForms(secret: string): SecretForms {
  const whole = new Set([secret, secret.toUpperCase(), secret.toLowerCase(), ...urlForms(secret), ...jsonForms(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  const wrappable = new Map<string, number>();
  for (const form of [hex, hex.toUpperCase(), secret, secret.toUpperCase(), secret.toLowerCase()]) wrappable.set(form, TEXT_PIECE);
  for (const form of base64Forms(bytes)) wrappable.set(form, BASE64_PIECE);
  for (const form of wrappable.keys()) whole.add(form);
  // The whole encoding with its padding, so that nothing of it is left next to the mask.
  for (const full of [bytes.toString('base64'), bytes.toString('base64url')]) whole.add(full);
  // The whole encoding too (the secret printed alone, then wrapped by base64): its last line.
  const last: WrappableForm = [bytes.toString('base64'), BASE64_PIECE, true];
  return { whole: [...whole], wrappable: [...[...wrappable].map(([form, min]): WrappableForm => [form, min]), last] };
}

function urlForms(secret: string): string[] {
  try {
    const component = encodeURIComponent(secret);
    // Form encoding writes a space as +; some encoders leave !'()* alone, others do not.
    const strict = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return [component, component.replaceAll('%20', '+'), strict, strict.replaceAll('%20', '+'), encodeURI(secret)];
  } catch {
    // A lone surrogate cannot be URL-encoded, so no program printed it that way either.
    return [];
  }
}

function jsonForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [json, ascii, json.replaceAll('/', '\\/'), ascii.replaceAll('/', '\\/')];
}

/**
 * Base64 of the secret as it appears when the secret starts at byte offset 0, 1 or 2 (mod 3)
 * of what was encoded: only the characters made of the secret's bits alone, which are the
 * same whatever bytes surround it. Each in standard and URL-safe alphabets.
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const stable = encoded.slice(first, end);
    if (stable.length === 0) continue;
    forms.push(stable, stable.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return forms;
}
