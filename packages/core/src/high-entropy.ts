// Random-looking tokens with no recognisable prefix or key name next to them (a bearer token used
// as an object key, an opaque API key in prose). Deliberately conservative: hex (trace IDs, SHAs,
// digests, UUIDs), base64 that decodes to text, paths and words are kept.
import type { TextRule } from './text-rule';

/** Shortest token considered inside text; object keys use a lower bound (they are whole tokens). */
export const MIN_TEXT_TOKEN = 32;
export const MIN_KEY_TOKEN = 24;

function shannonBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Base64 or base64url whose bytes are almost all printable ASCII: encoded text, not a key. */
function isEncodedText(token: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(token)) return false;
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length < 8) return false;
  let printable = 0;
  for (const byte of bytes) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09) printable++;
  return printable / bytes.length >= 0.95;
}

export function looksRandom(raw: string, minLength: number): boolean {
  const token = raw.replace(/^[./~-]+|[./~-]+$/g, '');
  if (token.length < minLength) return false;
  if (/^(?:sha\d{1,3}|md5)[-:=_]/i.test(token)) return false;
  if (/^[0-9A-Fa-f._:-]+$/.test(token)) return false;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
  }
  if (upper < 2 || lower < 2 || digit < 2) return false;
  // Random base62 sits near 5 bits per character; identifiers and paths well below 4.
  if (shannonBitsPerChar(token) < 4) return false;
  return !isEncodedText(token);
}

export const HIGH_ENTROPY_RULE: TextRule = {
  kind: 'token',
  source: `(?<![A-Za-z0-9+\\/=_.~-])[A-Za-z0-9+\\/_.~-]{${MIN_TEXT_TOKEN},}={0,2}`,
  check: (match, index) => (looksRandom(match, MIN_TEXT_TOKEN) ? { start: index, end: index + match.length, kind: 'token' } : null),
};
