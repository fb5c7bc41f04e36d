// One bug, one fingerprint: errors group by type, code, the message with its variable parts removed,
// the top application frames (stable form) and the types in the cause chain.
import { createHash } from 'node:crypto';
import { safeGet } from './error-brand';
import { codeOf, typeName } from './error-facts';
import { normalizeError } from './normalize';
import { framesOf, stableFrames } from './stack-frames';

/** How many application frames identify a bug: enough to tell call sites apart, few enough for recursion depth not to matter. */
const APP_FRAMES = 3;
const MAX_MESSAGE = 500;
const MAX_CAUSES = 5;
const CACHE_LIMIT = 500;
const FRAMES_KEY_CHARS = 8 * 1024;

const QUOTE_CHAR = /["'`]/;
const QUOTED = /(?<![\w])(["'`])(?:(?!\1)[^\\\n]|\\.){0,300}\1(?![\w])/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX = /\b(?:0x)?[0-9a-fA-F]{8,}\b/g;
// The lookbehind starts matches at token starts only (4× faster than retrying inside every word).
const HAS_DIGIT = /(?<![\w.:/@+-])[\w.:/@+-]*\d[\w.:/@+-]*/g;
const SPACES = /\s{2,}|[\t\n\r\f\v]/g;

const byError = new WeakMap<object, string>();
let byFrames = new Map<string, string>();
let byIdentity = new Map<string, string>();

/** The message with its variable parts (quoted values, UUIDs, hex, anything with a digit) replaced. */
export function normalizeMessage(message: string): string {
  const text = message.slice(0, MAX_MESSAGE);
  return (QUOTE_CHAR.test(text) ? text.replace(QUOTED, '<str>') : text)
    .replace(UUID, '<uuid>')
    .replace(HEX, '<hex>')
    .replace(HAS_DIGIT, '<n>')
    .replace(SPACES, ' ')
    .trim();
}

/** Stable top frames: the top application frames, or the top frames of any kind when there are none. */
function framesKey(stack: unknown): string {
  if (typeof stack !== 'string') return '';
  const allFrames = framesOf(stack);
  if (allFrames === '') return '';
  // Only the first frames matter; a bounded key keeps the cache from holding huge strings.
  const frameText = allFrames.length > FRAMES_KEY_CHARS ? allFrames.slice(0, FRAMES_KEY_CHARS) : allFrames;
  const cached = byFrames.get(frameText);
  if (cached !== undefined) return cached;
  const frames = stableFrames(frameText);
  const app = frames.filter((frame) => frame.inApp);
  const chosen: string[] = [];
  for (const frame of app.length > 0 ? app : frames) {
    // Collapse recursion: the same frame repeated counts once.
    if (chosen[chosen.length - 1] !== frame.key) chosen.push(frame.key);
    if (chosen.length === APP_FRAMES) break;
  }
  const key = chosen.join('|');
  if (byFrames.size >= CACHE_LIMIT) byFrames = new Map();
  byFrames.set(frameText, key);
  return key;
}

function causeTypes(error: Error): string {
  let cause = safeGet(error, 'cause');
  if (cause === undefined || cause === null) return '';
  const types: string[] = [];
  const seen = new Set<unknown>([error]);
  while (cause !== undefined && cause !== null && !seen.has(cause) && types.length < MAX_CAUSES) {
    seen.add(cause);
    types.push(typeof cause === 'object' ? typeName(cause) : typeof cause);
    cause = safeGet(cause, 'cause');
  }
  return types.join('>');
}

/** What identifies a bug, already read from the normalized error (recording reads these anyway). */
export interface FingerprintFacts {
  readonly type: string;
  readonly code: string | undefined;
  readonly message: unknown;
  readonly stack: unknown;
}

function compute(normalized: Error, facts: FingerprintFacts): string {
  const identity = [
    facts.type,
    facts.code ?? '',
    normalizeMessage(typeof facts.message === 'string' ? facts.message : ''),
    framesKey(facts.stack),
    causeTypes(normalized),
  ].join('\n');
  let value = byIdentity.get(identity);
  if (value === undefined) {
    value = createHash('sha256').update(identity).digest('hex').slice(0, 16);
    if (byIdentity.size >= CACHE_LIMIT) byIdentity = new Map();
    byIdentity.set(identity, value);
  }
  return value;
}

/**
 * The fingerprint of `thrown` given its normalized form and facts. Not cached per thrown object (recording
 * keeps each error's whole analysis): a repeat of the same bug is found in the frame and identity caches.
 */
export function fingerprintWith(thrown: unknown, normalized: Error, facts: FingerprintFacts): string {
  const key = typeof thrown === 'object' && thrown !== null ? thrown : undefined;
  return (key === undefined ? undefined : byError.get(key)) ?? compute(normalized, facts);
}

/**
 * 16 lowercase hex characters; the same bug gives the same value across requests, processes and deploys.
 * Cached per error object.
 */
export function fingerprint(error: unknown): string {
  const key = typeof error === 'object' && error !== null ? error : undefined;
  const cached = key === undefined ? undefined : byError.get(key);
  if (cached !== undefined) return cached;
  const normalized = normalizeError(error);
  const value = fingerprintWith(error, normalized, {
    type: typeName(normalized),
    code: codeOf(normalized),
    message: safeGet(normalized, 'message'),
    stack: safeGet(normalized, 'stack'),
  });
  if (key !== undefined) byError.set(key, value);
  return value;
}
