// The fields of a log line, redacted on the hot path. Core's redactor decides per key (kept, sensitive, or
// scanned, plus the key text itself) and per value type; a log line repeats the same few keys millions of
// times, so each key's verdict is asked of the redactor once and cached, and plain objects, arrays and
// primitives are walked here with it: strings through redactString, sensitive keys through the redactor
// itself (it masks them with their kind), and anything else (class instances, Maps, Dates, buffers, big or
// deep containers) handed to `redact` whole. Any surprise falls back to redacting the whole value.
import type { Redactor } from '@faultline/core';
import { isError, serializeError } from './log-serializers';

type Fields = Record<string, unknown>;
type KeyVerdict = { readonly kind: 'scan'; readonly cleanKey: string } | { readonly kind: 'kept' } | { readonly kind: 'sensitive' };

/** Values the scanner always changes, to tell a kept key from a scanned one. */
const PROBE_PLAIN = 'probe';
// Built at run time so the shipped file holds no provider-shaped key for users' secret scanners to flag.
const PROBE_SECRET = ['sk', 'live', 'FAKEPROBE0000000000000000'].join('_');
const MAX_CACHED_KEYS = 4096;
/** Containers larger or deeper than this go to the redactor whole (it bounds its walk). */
const MAX_MEMBERS = 64;
const MAX_DEPTH = 4;
/** Integers this large may be card numbers: the redactor scans them. */
const LONG_NUMBER = 1e12;

function isPlainObject(value: object): value is Fields {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export interface FieldScrubber {
  /** A redacted copy of `fields`. */
  scrub(fields: Fields): Fields;
}

export function createFieldScrubber(redactor: Redactor): FieldScrubber {
  const verdicts = new Map<string, KeyVerdict>();

  function verdictOf(key: string): KeyVerdict {
    let verdict = verdicts.get(key);
    if (verdict !== undefined) return verdict;
    const plain = redactor.redact({ [key]: PROBE_PLAIN });
    const cleanKey = Object.keys(plain)[0] ?? key;
    if (plain[cleanKey] !== PROBE_PLAIN) verdict = { kind: 'sensitive' };
    else if (redactor.redact({ [key]: PROBE_SECRET })[cleanKey] === PROBE_SECRET) verdict = { kind: 'kept' };
    else verdict = { kind: 'scan', cleanKey };
    if (verdicts.size >= MAX_CACHED_KEYS) verdicts.clear();
    verdicts.set(key, verdict);
    return verdict;
  }

  function value(item: unknown, depth: number): unknown {
    switch (typeof item) {
      case 'string':
        return redactor.redactString(item);
      case 'number':
        return Number.isSafeInteger(item) && Math.abs(item) >= LONG_NUMBER ? redactor.redact(item) : item;
      case 'boolean':
      case 'undefined':
        return item;
      case 'object':
        if (item === null) return null;
        if (isError(item)) return serializeError(item, redactor);
        if (depth < MAX_DEPTH && Array.isArray(item) && item.length <= MAX_MEMBERS) return item.map((member) => value(member, depth + 1));
        if (depth < MAX_DEPTH && isPlainObject(item)) return object(item, depth + 1);
        return redactor.redact(item);
      default:
        return redactor.redact(item);
    }
  }

  function object(fields: Fields, depth: number): Fields {
    const keys = Object.keys(fields);
    if (keys.length > MAX_MEMBERS) return redactor.redact(fields);
    const out: Fields = {};
    for (const key of keys) {
      if (key === '__proto__') return redactor.redact(fields); // never assign it: it would swap the prototype
      const item = fields[key];
      const verdict = verdictOf(key);
      if (verdict.kind === 'kept') out[key] = item;
      else if (verdict.kind === 'sensitive') Object.assign(out, redactor.redact({ [key]: item }));
      else if (verdict.cleanKey === '__proto__' || Object.prototype.hasOwnProperty.call(out, verdict.cleanKey)) {
        return redactor.redact(fields); // rare shapes: let the redactor name them
      } else out[verdict.cleanKey] = value(item, depth);
    }
    return out;
  }

  return {
    scrub(fields) {
      try {
        return object(fields, 0);
      } catch {
        // A throwing getter or proxy: the redactor reads defensively and masks what it cannot read.
        return redactor.redact(fields);
      }
    },
  };
}
