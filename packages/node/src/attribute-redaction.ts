// Span and log attributes (and span names), redacted pair by pair with a memory of the pairs already
// found clean: the same host, method, scheme, user agent, route and span name repeat on every request,
// and scanning them again was most of the export pass. Only clean pairs are remembered, so no secret is
// kept alive here; strings up to 256 characters, at most 4,096 pairs (then the memory starts over).
import type { Redactor } from '@faultline/core';

const MAX_REMEMBERED = 4096;
const MAX_LENGTH = 256;

type Flat = Record<string, unknown>;

function memoKey(key: string, value: unknown): string | undefined {
  if (typeof value === 'string') return value.length <= MAX_LENGTH ? `${key}\u0000s${value}` : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return `${key}\u0000${typeof value}${String(value)}`;
  return undefined;
}

function setOwn(target: Flat, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export class AttributeRedactor {
  private readonly clean = new Set<string>();

  constructor(private readonly redactor: Redactor) {}

  private remember(memo: string): void {
    if (this.clean.size >= MAX_REMEMBERED) this.clean.clear();
    this.clean.add(memo);
  }

  /** A scrubbed copy of a flat attribute map (nested values are walked by the redactor as usual). */
  redact<T extends object>(attributes: T): T {
    const out: Flat = {};
    for (const key of Object.keys(attributes)) {
      const value = (attributes as Flat)[key];
      const memo = memoKey(key, value);
      if (memo !== undefined && this.clean.has(memo)) {
        setOwn(out, key, value);
        continue;
      }
      // The redactor masks by key name and scans the value (and the key) exactly as for the whole map.
      const single = this.redactor.redact({ [key]: value } as Flat);
      const cleanKeys = Object.keys(single);
      for (const cleanKey of cleanKeys) {
        const taken = Object.prototype.hasOwnProperty.call(out, cleanKey);
        setOwn(out, taken ? `${cleanKey}#${Object.keys(out).length}` : cleanKey, single[cleanKey]);
      }
      if (memo !== undefined && cleanKeys.length === 1 && cleanKeys[0] === key && single[key] === value) this.remember(memo);
    }
    return out as T;
  }

  /** A scrubbed span name. */
  redactName(name: string): string {
    const memo = name.length <= MAX_LENGTH ? `\u0001${name}` : undefined;
    if (memo !== undefined && this.clean.has(memo)) return name;
    const clean = this.redactor.redactString(name);
    if (memo !== undefined && clean === name) this.remember(memo);
    return clean;
  }
}
