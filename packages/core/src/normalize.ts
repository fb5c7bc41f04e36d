// Anything can be thrown. normalizeError turns it into a readable Error without losing the original:
// a usable Error is returned as is; anything else is wrapped, with the original kept as `thrown`.
import { types } from 'node:util';
import { safeGet } from './error-brand';

const MAX_KEYS = 10;
const MAX_TEXT = 200;

/** The wrapper for a thrown value that is not a usable Error; `thrown` is the original value. */
export class ThrownValueError extends Error {
  declare readonly thrown: unknown;
  /** What was thrown: `string`, `number`, `null`, `object`, `Error` (from another realm or unreadable), … */
  declare readonly thrownType: string;
  constructor(message: string, thrown: unknown, thrownType: string, name?: string) {
    super(message);
    Object.defineProperty(this, 'thrown', { value: thrown, enumerable: false });
    Object.assign(this, { thrownType });
    if (name !== undefined) Object.defineProperty(this, 'name', { value: name, writable: true, configurable: true });
  }
}
Object.defineProperty(ThrownValueError.prototype, 'name', { value: 'ThrownValueError', writable: true, configurable: true });

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** A string property, or undefined when missing, not a string, or its getter throws. */
function stringField(value: unknown, key: string): string | undefined {
  const field = safeGet(value, key);
  return typeof field === 'string' ? field : undefined;
}

function keysOf(value: object): string {
  try {
    const keys = Object.keys(value);
    const shown = keys.slice(0, MAX_KEYS).map(clip).join(', ');
    return keys.length > MAX_KEYS ? `${shown}, … (${keys.length} keys)` : shown;
  } catch {
    return '(unreadable)';
  }
}

function isUsableError(value: object): value is Error {
  if (!(value instanceof Error)) return false;
  // Every field we read later must read cleanly; a throwing getter means we wrap instead.
  try {
    return typeof value.message === 'string' && typeof value.name === 'string' && (value.stack === undefined || typeof value.stack === 'string');
  } catch {
    return false;
  }
}

function isErrorLike(value: object): boolean {
  try {
    return types.isNativeError(value) || value instanceof Error;
  } catch {
    return false;
  }
}

/** Copies the fields recording and responses read (`code`, `status`, `cause`, …) onto the wrapper. */
function carryFields(target: ThrownValueError, source: object): void {
  for (const key of ['code', 'status', 'statusCode', 'cause', 'errors', 'severity', 'expose']) {
    const value = safeGet(source, key);
    if (value !== undefined) Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
  }
}

function fromObject(value: object): ThrownValueError {
  const errorLike = isErrorLike(value);
  const name = stringField(value, 'name');
  const message = stringField(value, 'message');
  const stack = stringField(value, 'stack');
  const thrownType = errorLike ? 'Error' : typeof value === 'function' ? 'function' : 'object';
  let text: string;
  if (message !== undefined) text = message;
  else if (errorLike) text = '[unreadable message]';
  else if (typeof value === 'function') text = `Non-error function thrown: ${clip(stringField(value, 'name') ?? 'anonymous')}`;
  else text = `Non-error object thrown with keys: ${keysOf(value) || '(none)'}`;
  const wrapper = new ThrownValueError(text, value, thrownType, name !== undefined && name.length > 0 ? clip(name) : undefined);
  carryFields(wrapper, value);
  // Keep the original frames when readable; otherwise say so rather than point at this file.
  const header = `${wrapper.name}: ${text}`;
  Object.defineProperty(wrapper, 'stack', {
    value: stack ?? `${header}\n    at <stack unavailable>`,
    writable: true,
    configurable: true,
  });
  return wrapper;
}

function describePrimitive(thrown: unknown): { text: string; type: string } {
  if (thrown === null) return { text: 'null was thrown', type: 'null' };
  if (thrown === undefined) return { text: 'undefined was thrown', type: 'undefined' };
  if (typeof thrown === 'string') return { text: thrown, type: 'string' };
  if (typeof thrown === 'symbol') return { text: `Non-error symbol thrown: ${clip(thrown.toString())}`, type: 'symbol' };
  return { text: `Non-error ${typeof thrown} thrown: ${clip(String(thrown))}`, type: typeof thrown };
}

/**
 * Never throws. Returns `thrown` itself when it is an Error of this realm whose `name`, `message` and
 * `stack` read cleanly; otherwise a `ThrownValueError` with the original as `thrown`: strings become the
 * message, error-like objects (other realms, plain `{ name, message }`) keep their name, message, stack,
 * `code`, `status` and `cause`, other objects are described by their keys (never their values).
 */
export function normalizeError(thrown: unknown): Error {
  try {
    if (thrown instanceof ThrownValueError) return thrown;
    if (typeof thrown === 'object' && thrown !== null) {
      return isUsableError(thrown) ? thrown : fromObject(thrown);
    }
    if (typeof thrown === 'function') return fromObject(thrown);
    const { text, type } = describePrimitive(thrown);
    const wrapper = new ThrownValueError(text, thrown, type);
    Object.defineProperty(wrapper, 'stack', { value: `ThrownValueError: ${text}\n    at <stack unavailable>`, writable: true, configurable: true });
    return wrapper;
  } catch {
    // Only reachable through something truly exotic (a revoked proxy passing instanceof, say).
    return new ThrownValueError('[unreadable thrown value]', thrown, 'unknown');
  }
}
