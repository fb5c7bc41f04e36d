// Structured security events (login failure, permission denied, password reset, ...) in which user
// identifiers are replaced by keyed hashes: HMAC-SHA256 with FAULTLINE_HASH_KEY, so the same user gives the
// same value across events, processes and deploys (an investigator can correlate, and with the key can
// check a suspect), while the log never holds the identifier. Without a key, a random per-process key is
// used (one diag warning): hashes then correlate within one process only, and nothing raw ever goes out.
import { createHmac, randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { warnOnce } from '../diag';
import { faultlineLogger } from './logger';
import { getRuntime } from '../runtime';

export type SecurityEventLevel = 'info' | 'warn' | 'error';

export interface SecurityEventOptions {
  /** Log level of the event; default `warn`. */
  readonly level?: SecurityEventLevel;
}

/** Field names (lowercase, without `_`, `-`, `.`) that hold a user identifier. */
const IDENTIFIER_KEYS = new Set([
  'user', 'username', 'userid', 'usr', 'login', 'loginname', 'email', 'emailaddress', 'mail', 'account',
  'accountid', 'accountname', 'customer', 'customerid', 'subject', 'sub', 'principal', 'member', 'memberid',
  'phone', 'phonenumber', 'actor', 'targetuser',
]);
const IDENTIFIER_SUFFIXES = ['username', 'userid', 'email', 'accountid', 'login'];
const MAX_DEPTH = 6;
const HASH_PREFIX = 'hmac-sha256:';

let processKey: Buffer | undefined;

function hashKey(): string | Buffer {
  const configured = (getRuntime()?.config ?? loadConfig()).hashKey;
  if (configured !== undefined && configured !== '') return configured;
  if (processKey === undefined) {
    processKey = randomBytes(32);
    warnOnce('hash-key', 'FAULTLINE_HASH_KEY is not set: security events hash user identifiers with a random per-process key, so hashes do not match across processes or restarts');
  }
  return processKey;
}

function isIdentifierKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
  return IDENTIFIER_KEYS.has(normalized) || IDENTIFIER_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/**
 * The keyed hash Faultline writes for a user identifier (128 bits of HMAC-SHA256, hex, prefixed), for app
 * code that needs to find a user's events. Identifiers are trimmed and lowercased first, so `Ann@x.io`
 * and `ann@x.io ` hash alike.
 */
export function hashIdentifier(value: string | number | bigint): string {
  const text = String(value).trim().toLowerCase();
  return HASH_PREFIX + createHmac('sha256', hashKey()).update(text).digest('hex').slice(0, 32);
}

const CIRCULAR = '[Circular]';

// `depth` is what is left of MAX_DEPTH for the whole event, carried through every level (identifier
// subtrees included), and `seen` holds the objects on the current path: a cyclic field (`u.self = u`)
// ends in '[Circular]' instead of recursing until the stack overflows and the event is lost.
function hashValue(value: unknown, depth: number, seen: Set<object>): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return hashIdentifier(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return CIRCULAR;
  if (depth <= 0) return '[hashed]';
  seen.add(value);
  try {
    // An object under an identifier key (`user: { id, email }`) has every scalar in it hashed.
    return Array.isArray(value)
      ? value.map((item: unknown) => hashValue(item, depth - 1, seen))
      : hashFields(value as Record<string, unknown>, depth, true, seen);
  } finally {
    seen.delete(value);
  }
}

function hashFields(fields: Record<string, unknown>, depth: number, all: boolean, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  seen.add(fields);
  try {
    for (const [key, value] of Object.entries(fields)) {
      if (all || isIdentifierKey(key)) out[key] = depth > 0 ? hashValue(value, depth - 1, seen) : '[hashed]';
      else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        if (seen.has(value)) out[key] = CIRCULAR;
        else out[key] = depth > 0 ? hashFields(value as Record<string, unknown>, depth - 1, false, seen) : '[truncated]';
      } else out[key] = value;
    }
  } finally {
    seen.delete(fields);
  }
  return out;
}

/** The fields of a security event: the caller's, identifiers hashed, plus its name and category. */
export function securityRecord(name: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { ...hashFields(fields, MAX_DEPTH, false, new Set()), 'event.name': name, 'event.category': 'security' };
}

/**
 * Writes a structured security event through Faultline's logger (stdout and OTLP like every line, with
 * trace correlation and redaction): `event.name`, `event.category: "security"` and the fields, with user
 * identifiers (user, username, email, userId, account, ... at any depth) replaced by `hashIdentifier`.
 * Never throws.
 */
export function securityEvent(name: string, fields: Record<string, unknown> = {}, options: SecurityEventOptions = {}): void {
  try {
    faultlineLogger()[options.level ?? 'warn'](securityRecord(name, fields), `security event: ${name}`);
  } catch (error) {
    warnOnce('security-event', 'writing a security event failed', error);
  }
}
