// Percent-encoded text (`jane.roe%40example.com`, `next=https%3A%2F%2Fuser%3Apass%40host`,
// `Bearer%20…`, form bodies) hides `@`, `:`, `=` and spaces from the rules. The scanner decodes such
// text (twice at most: `%2540` is `@` encoded twice), scans the decoded form, and maps every hit
// back onto the original text, so the mask covers the secret exactly as it was encoded.
import type { Hit } from './text-rule';

/** Rounds of decoding: once for a query or form body, twice for an encoded URL inside a query. */
export const MAX_DECODE_ROUNDS = 2;

/** Decoded text and, for each of its characters, where that character started in the original. */
export interface DecodedText {
  readonly text: string;
  /** `origin[i]` is the original offset of decoded character `i`; `origin[text.length]` is the original length. */
  readonly origin: Int32Array;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** The offset of the first `%XX` escape at or after `from`, or -1. */
export function firstEscape(text: string, from = 0): number {
  for (let i = text.indexOf('%', from); i !== -1 && i + 2 < text.length; i = text.indexOf('%', i + 1)) {
    if (hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) >= 0) return i;
  }
  return -1;
}

/**
 * One round of decoding, or undefined when the text holds no escape. Each `%XX` becomes the byte's
 * character (bytes above 0x7f stay single characters: every rule matches ASCII, and the decoded
 * text is only scanned, never shown). `previous` composes the offsets of an earlier round.
 */
export function decodeOnce(text: string, previous?: Int32Array): DecodedText | undefined {
  let escape = firstEscape(text);
  if (escape === -1) return undefined;
  const origin = new Int32Array(text.length + 1);
  const at = (i: number): number => (previous ? (previous[i] as number) : i);
  let out = '';
  let copied = 0;
  let length = 0;
  while (escape !== -1) {
    for (let i = copied; i < escape; i++) origin[length++] = at(i);
    out += text.slice(copied, escape);
    out += String.fromCharCode(hexValue(text.charCodeAt(escape + 1)) * 16 + hexValue(text.charCodeAt(escape + 2)));
    origin[length++] = at(escape);
    copied = escape + 3;
    escape = firstEscape(text, copied);
  }
  for (let i = copied; i <= text.length; i++) origin[length++] = at(i);
  out += text.slice(copied);
  return { text: out, origin: origin.subarray(0, out.length + 1) };
}

/** A hit in decoded text as a hit in the original: from the first source character to the last one's end. */
export function toOriginal(hit: Hit, decoded: DecodedText): Hit {
  return { start: decoded.origin[hit.start] as number, end: decoded.origin[hit.end] as number, kind: hit.kind };
}
