// Random-looking tokens with no recognisable prefix or key name next to them (a bearer token used
// as an object key, an opaque API key in prose). Deliberately conservative: hex (trace IDs, SHAs,
// digests, UUIDs), base64 that decodes to text, paths and words are kept.
import { followsIdentifierKey } from './identifier-keys';
import type { Hit, TextRule } from './text-rule';

/** Shortest token considered inside text; object keys use a lower bound (they are whole tokens). */
export const MIN_TEXT_TOKEN = 32;
export const MIN_KEY_TOKEN = 24;

function shannonBitsPerChar(text: string): number {
  const counts = new Uint16Array(128);
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) counts[c]++;
    else other++;
  }
  let bits = 0;
  const add = (count: number): void => {
    if (count === 0) return;
    const p = count / text.length;
    bits -= p * Math.log2(p);
  };
  for (let c = 0; c < 128; c++) add(counts[c] as number);
  add(other);
  return bits;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Base64 or base64url that decodes to text (ASCII or valid UTF-8, hardly any control bytes): not a key. */
function isEncodedText(token: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(token)) return false;
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length < 8) return false;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return false; // random bytes are almost never valid UTF-8
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || (c >= 0x7f && c < 0xa0) || c === 0xfffd) control++;
  }
  return control / text.length <= 0.05;
}

/** Upper-case, lower-case and digit counts; random keys have several of each, words and paths do not. */
function hasMixedClasses(token: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
  }
  return upper >= 2 && lower >= 2 && digit >= 2;
}

/** A path or host segment must be this long on its own to count as a key. */
const MIN_SEGMENT = 20;

/** One run between `/` and `.`: mixed classes, not hex, close to random in its characters. */
function randomSegment(segment: string): boolean {
  if (segment.length < MIN_SEGMENT || !hasMixedClasses(segment)) return false;
  if (/^[0-9A-Fa-f_:-]+$/.test(segment)) return false;
  // Random base62 sits near log2(length) bits per character (up to ~5); words and IDs well below.
  return shannonBitsPerChar(segment) >= Math.min(4, Math.log2(segment.length) - 0.4);
}

export function looksRandom(raw: string, minLength: number): boolean {
  if (raw.length < minLength || !hasMixedClasses(raw)) return false;
  const token = raw.replace(/^[./~-]+|[./~-]+$/g, '');
  if (token.length < minLength) return false;
  if (/^(?:sha\d{1,3}|md5)[-:=_]/i.test(token)) return false;
  // Judged segment by segment, so a URL or path (`github.com/org/repo/GHSA-…`) is not one long "key".
  if (!token.split(/[/.]/).some(randomSegment)) return false;
  return !isEncodedText(token);
}

/** True when an earlier (more specific) rule already replaces [start, end). */
function covered(hits: readonly Hit[], start: number, end: number): boolean {
  for (const hit of hits) if (hit.start <= start && hit.end >= end) return true;
  return false;
}

export const HIGH_ENTROPY_RULE: TextRule = {
  kind: 'token',
  gate: (p) => p.length >= MIN_TEXT_TOKEN && p.digits >= 2 && p.upper >= 2 && p.lower >= 2,
  source: '',
  // The runs come from the scanner's one pass over the text (see profileOf in text-scanner.ts).
  find: (text, hits, profile) => {
    const runs = profile.longRuns;
    for (let r = 0; r < runs.length; r += 2) {
      const start = runs[r] as number;
      let end = runs[r + 1] as number;
      while (end < text.length && end - (runs[r + 1] as number) < 2 && text.charCodeAt(end) === 61) end++; // base64 padding
      if (covered(hits, start, end) || !looksRandom(text.slice(start, end), MIN_TEXT_TOKEN)) continue;
      if (!followsIdentifierKey(text, start)) hits.push({ start, end, kind: 'token' });
    }
  },
};
