// One bug, one fingerprint: errors group by type, code, the message with its variable parts removed,
// the top application frames (stable form) and the types in the cause chain.
import { createHash } from 'node:crypto';
import { safeGet } from './error-brand';
import { codeOf, typeName } from './error-facts';
import { normalizeError } from './normalize';
import { framesStart, stableFrames } from './stack-frames';

/** How many application frames identify a bug: enough to tell call sites apart, few enough for recursion depth not to matter. */
const APP_FRAMES = 3;
const MAX_MESSAGE = 500;
const MAX_CAUSES = 5;
const CACHE_LIMIT = 500;

const QUOTED = /(?<![\w])(["'`])(?:(?!\1)[^\\\n]|\\.){0,300}\1(?![\w])/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX = /\b(?:0x)?[0-9a-f]{8,}\b/gi;
const HAS_DIGIT = /[\w.:/@+-]*\d[\w.:/@+-]*/g;
const SPACES = /\s+/g;

const byError = new WeakMap<object, string>();
let byFrames = new Map<string, string>();

/** The message with its variable parts (quoted values, UUIDs, hex, anything with a digit) replaced. */
export function normalizeMessage(message: string): string {
  return message
    .slice(0, MAX_MESSAGE)
    .replace(QUOTED, '<str>')
    .replace(UUID, '<uuid>')
    .replace(HEX, '<hex>')
    .replace(HAS_DIGIT, '<n>')
    .replace(SPACES, ' ')
    .trim();
}

/** Stable top frames: the top application frames, or the top frames of any kind when there are none. */
function framesKey(stack: unknown): string {
  if (typeof stack !== 'string') return '';
  const start = framesStart(stack);
  if (start === -1) return '';
  const frameText = stack.slice(start);
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
  const types: string[] = [];
  const seen = new Set<unknown>([error]);
  let cause = safeGet(error, 'cause');
  while (cause !== undefined && cause !== null && !seen.has(cause) && types.length < MAX_CAUSES) {
    seen.add(cause);
    types.push(typeof cause === 'object' ? typeName(cause) : typeof cause);
    cause = safeGet(cause, 'cause');
  }
  return types.join('>');
}

/** 16 lowercase hex characters; the same bug gives the same value across requests, processes and deploys. */
export function fingerprint(error: unknown): string {
  const key = typeof error === 'object' && error !== null ? error : undefined;
  const cached = key === undefined ? undefined : byError.get(key);
  if (cached !== undefined) return cached;
  const normalized = normalizeError(error);
  const message = safeGet(normalized, 'message');
  const parts = [
    typeName(normalized),
    codeOf(normalized) ?? '',
    normalizeMessage(typeof message === 'string' ? message : ''),
    framesKey(safeGet(normalized, 'stack')),
    causeTypes(normalized),
  ];
  const value = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  if (key !== undefined) byError.set(key, value);
  return value;
}
