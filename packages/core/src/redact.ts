// createRedactor: a scrubbed deep copy of any JSON-like value. Keys that name secrets mask their
// whole value; every other string (and object key) goes through the text scanner. The input is
// never mutated, the walk is bounded (depth, node count, string length) and fails closed, and
// nothing here throws into the caller.
import { copyError } from './error-copy';
import { KeyFactsCache } from './key-facts';
import { resolveOptions, type RedactorOptions, type ResolvedOptions } from './redact-options';
import { reportOnce } from './report-once';
import { createSecretKeys, isPlainKey, ORDINARY_KEY, type KeyContext, type SecretKeys } from './secret-keys';
import { createKeyMatcher, type KeyMatcher } from './sensitive-keys';
import { withCleanTextCache } from './clean-text-cache';
import { createTextScanner, type TextScanner } from './text-scanner';
import { isError, isPlainObject, setAllOwn, setOwn, structuredCloneOrSelf } from './value-shapes';
import { flagName, isFlagValue, isVersionValue } from './value-context';

/**
 * Faultline's export pass only: `redact(value)` with the string under the top-level key `provenClean`,
 * shown clean by the caller (a request ID Faultline derived from a trace ID), copied without a scan;
 * a top-level record in which every member comes back as it was is returned itself, not copied (a span's
 * attributes, read by the encoder and nothing else). Keyed by a symbol so that no callback convention
 * (`mapValues(obj, redactor.redact)`) reaches it.
 */
export const redactProvenClean: unique symbol = Symbol('faultline.redactProvenClean');

export interface Redactor {
  /** A scrubbed deep copy of `value`, which is left untouched. */
  redact<T>(value: T): T;
  /** `text` with every secret and (by policy) personal datum replaced. */
  redactString(text: string): string;
  /** See `redactProvenClean`; absent on redactors not built by `createRedactor`. */
  readonly [redactProvenClean]?: <T>(value: T, provenClean: string | undefined) => T;
}

interface Walk {
  nodes: number;
  readonly ancestors: Set<object>;
  readonly provenClean?: string | undefined; // see redactProvenClean
  readonly sameWhenClean?: boolean; // the top-level record itself when nothing changed: see redactProvenClean
}

/** What a member was before it was read (a getter that throws leaves it so). */
const UNREAD = Symbol('unread');

class RedactionWalker {
  private readonly keyFacts: KeyFactsCache;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly keys: KeyMatcher,
    private readonly text: TextScanner,
    secretKeys: SecretKeys,
  ) {
    this.keyFacts = new KeyFactsCache(options, keys, text, secretKeys);
  }

  string(value: string): string {
    return this.text.scan(value);
  }

  value(value: unknown, depth: number, walk: Walk, collection?: KeyContext): unknown {
    switch (typeof value) {
      case 'string':
        return this.text.scan(value);
      case 'number':
      case 'bigint':
        return this.number(value);
      case 'function':
        return '[Function]';
      case 'object':
        return value === null ? null : this.object(value, depth, walk, collection);
      default:
        return value; // boolean, undefined, symbol
    }
  }

  /** Long integers are scanned as digits: a card number stored as a number is still a card number. */
  private number(value: number | bigint): unknown {
    if (typeof value === 'number' && !(Number.isSafeInteger(value) && Math.abs(value) >= 1e12)) return value;
    const digits = String(value);
    const scanned = this.text.scan(digits);
    return scanned === digits ? value : scanned;
  }

  /** An ID's value, scanned once without the entropy rule (clean for every rule is clean for one fewer). */
  private identifier(value: string): string {
    return this.text.scan(value, true);
  }

  /** What a sensitive key's value becomes: strings and numbers masked (or correlated), flags kept. */
  masked(value: unknown, kind: string): unknown {
    if (value === null || value === undefined || typeof value === 'boolean' || value === '') return value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
      return this.options.render(kind, String(value));
    }
    return this.options.render(kind);
  }

  private object(value: object, depth: number, walk: Walk, collection: KeyContext | undefined): unknown {
    if (++walk.nodes > this.options.limits.maxNodes) return this.options.render('size_limit');
    if (depth >= this.options.limits.maxDepth) return this.options.render('depth_limit');
    if (walk.ancestors.has(value)) return '[Circular]';
    walk.ancestors.add(value);
    try {
      if (value instanceof Date) return new Date(value.getTime());
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
        return this.options.render('binary'); // bytes are not scanned, so they never pass through
      }
      if (value instanceof RegExp) return this.text.scan(String(value));
      if (Array.isArray(value)) return this.members(value, depth, walk, collection);
      if (isError(value)) {
        return copyError(value, {
          scan: (text) => this.text.scan(text),
          child: (item) => this.value(item, depth + 1, walk),
          property: (key, get) => (walk.nodes++, this.property(key, get, depth, walk)),
          unreadable: () => this.options.render('unreadable'),
        });
      }
      if (value instanceof Map) return this.map(value, depth, walk, collection);
      if (value instanceof Set) return new Set(this.members([...value], depth, walk, collection));
      return this.record(value, depth, walk, collection);
    } catch {
      // A revoked proxy, traps or a toJSON that throw: that object is masked, the rest survives.
      return this.options.render('unreadable');
    } finally {
      walk.ancestors.delete(value);
    }
  }

  /**
   * Array elements. An argv-style array (`process.command_args`, a job's `args`) gives a secret's flag and
   * its value as two elements (`--db-password`, `hunter2`): the element after a flag whose name the
   * sensitive-key matcher accepts is masked like that key's value.
   */
  private members(items: readonly unknown[], depth: number, walk: Walk, under: KeyContext | undefined): unknown[] {
    const holds = under?.holds;
    const copy: unknown[] = [];
    let flagKind: string | undefined;
    for (let i = 0; i < items.length; i++) {
      if (walk.nodes >= this.options.limits.maxNodes) {
        copy.push(this.options.render('size_limit'));
        break;
      }
      walk.nodes++;
      let raw: unknown;
      try {
        raw = items[i];
      } catch {
        copy.push(this.options.render('unreadable'));
        flagKind = undefined;
        continue;
      }
      // `apiKeys: ['…']`: under a collection of secrets, every string but a plain name is one.
      if (holds !== undefined && typeof raw === 'string' && !isPlainKey(raw)) copy.push(this.masked(raw, holds));
      else if (under?.identifier === true && typeof raw === 'string') copy.push(this.identifier(raw)); // `x-amz-id-2: ['…']`
      else if (flagKind !== undefined && isFlagValue(raw)) copy.push(this.masked(raw, flagKind));
      // `apiKeys: [{ name: 'ci', key: '…' }]`: each element of a collection is part of it.
      else copy.push(this.value(raw, depth + 1, walk, under));
      flagKind = this.secretFlagKind(raw);
    }
    return copy;
  }

  /** The kind of secret a bare command-line flag names (`--password`, `--api-key`, `-token`), if any. */
  private secretFlagKind(item: unknown): string | undefined {
    const name = flagName(item);
    return name === undefined ? undefined : this.keys.sensitiveKind(name);
  }

  /** One property of a record, error or map: masked by key name, kept verbatim, or walked. */
  property(key: string, get: () => unknown, depth: number, walk: Walk, parent?: KeyContext): [string, unknown] {
    if (this.keys.isKept(key)) {
      try {
        return [key, structuredCloneOrSelf(get())];
      } catch {
        return [key, this.options.render('unreadable')];
      }
    }
    const facts = this.keyFacts.of(key);
    const { kind, clean, context, masked } = facts;
    if (kind !== undefined) {
      try {
        return [key, this.masked(get(), kind)];
      } catch {
        return [key, this.options.render(kind)];
      }
    }
    // In a collection keyed by secrets, every key but a plain name (or one masked before) goes.
    const cleanKey = parent?.keyedBy !== undefined && !masked && !isPlainKey(key) ? this.options.render(parent.keyedBy, key) : clean;
    let raw: unknown;
    try {
      raw = get();
    } catch {
      return [cleanKey, this.options.render('unreadable')];
    }
    if (typeof raw === 'string') {
      // `tokensByUser: { bob: '…' }`, `apiKey: '…'` under `apiKeys`: a collection's strings are what it holds.
      const holds = context.holds ?? parent?.holds;
      if (holds !== undefined && !isPlainKey(raw)) return [cleanKey, this.masked(raw, holds)];
      if (depth === 0 && key === walk.provenClean && cleanKey === key) return [key, raw]; // the caller showed it clean
      // `service.version: "2.0.1.7"` is a version, not an IPv4 address; a request ID is random on purpose.
      if (context.version && isVersionValue(raw)) return [cleanKey, raw];
      if (context.identifier) return [cleanKey, this.identifier(raw)];
      return [cleanKey, this.keyFacts.scanUnder(facts, raw)];
    }
    // Under a plainly named member of a collection (`activeSessions: { eu: { <session id>: … } }`), the
    // collection goes on; under a masked key (the secret's own record), it ends.
    const collection = context !== ORDINARY_KEY ? context : parent !== undefined && isPlainKey(key) ? parent : undefined;
    return [cleanKey, this.value(raw, depth + 1, walk, collection)];
  }

  private record(value: object, depth: number, walk: Walk, collection: KeyContext | undefined): unknown {
    const plain = isPlainObject(value);
    if (!plain) {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        // Class instances that know their JSON form (ObjectId, Decimal, Luxon) are redacted as that.
        const json: unknown = toJSON.call(value);
        if (json !== value) return this.value(json, depth + 1, walk);
      }
    }
    const keys = Object.keys(value);
    // While members come back as they were, only their values are kept; at the first change the copy catches up.
    let unchanged: unknown[] | undefined = plain && depth === 0 && walk.sameWhenClean === true ? [] : undefined;
    const copy: Record<string, unknown> = {};
    let members = 0; // Object.keys(copy).length, without its cost per masked key that collides
    let renamed = false;
    for (const key of keys) {
      if (walk.nodes >= this.options.limits.maxNodes) {
        if (unchanged !== undefined) setAllOwn(copy, keys, unchanged);
        unchanged = undefined;
        setOwn(copy, '…', this.options.render('size_limit'));
        break;
      }
      walk.nodes++;
      let raw: unknown = UNREAD;
      const [cleanKey, cleanValue] = this.property(key, () => (raw = (value as Record<string, unknown>)[key]), depth, walk, collection);
      if (unchanged !== undefined && cleanKey === key && cleanValue === raw) {
        unchanged.push(raw);
        members++;
        continue;
      }
      if (unchanged !== undefined) setAllOwn(copy, keys, unchanged);
      unchanged = undefined;
      // Keys copied as they are cannot collide: only a renamed one (masked, or renamed before) can.
      renamed ||= cleanKey !== key;
      const taken = renamed && Object.prototype.hasOwnProperty.call(copy, cleanKey);
      setOwn(copy, taken ? `${cleanKey}#${members}` : cleanKey, cleanValue);
      members++;
    }
    return unchanged !== undefined ? value : copy;
  }

  private map(value: Map<unknown, unknown>, depth: number, walk: Walk, collection: KeyContext | undefined): Map<unknown, unknown> {
    const copy = new Map<unknown, unknown>();
    for (const [key, item] of value) {
      if (walk.nodes++ >= this.options.limits.maxNodes) {
        copy.set('…', this.options.render('size_limit'));
        break;
      }
      if (typeof key === 'string') {
        const [cleanKey, cleanValue] = this.property(key, () => item, depth, walk, collection);
        copy.set(copy.has(cleanKey) ? `${cleanKey}#${copy.size}` : cleanKey, cleanValue);
      } else copy.set(this.value(key, depth + 1, walk), this.value(item, depth + 1, walk));
    }
    return copy;
  }
}

/**
 * Builds a redactor. Options are validated here (a bad one throws `InvalidOptionError`, code
 * `FAULTLINE_INVALID_OPTION`) and every pattern is compiled once; `redact` and `redactString`
 * never throw.
 */
export function createRedactor(options?: RedactorOptions): Redactor {
  const resolved = resolveOptions(options);
  const keys = createKeyMatcher({ extraKeys: resolved.keys, keepKeys: resolved.keepKeys });
  const walker = new RedactionWalker(resolved, keys, withCleanTextCache(createTextScanner(resolved, keys)), createSecretKeys(keys));
  const redactValue = <T>(value: T, provenClean: string | undefined, sameWhenClean = false): T => {
    try {
      return walker.value(value, 0, { nodes: 0, ancestors: new Set(), provenClean, sameWhenClean }) as T;
    } catch (error) {
      reportOnce('redaction failed; the value was replaced by a mask', error);
      return resolved.render('unredactable') as T;
    }
  };
  return {
    redact: <T>(value: T): T => redactValue(value, undefined),
    [redactProvenClean]: <T>(value: T, provenClean: string | undefined): T => redactValue(value, provenClean, true),
    redactString(text: string): string {
      try {
        return typeof text === 'string' ? walker.string(text) : (walker.value(text, 0, { nodes: 0, ancestors: new Set() }) as string);
      } catch (error) {
        reportOnce('redaction failed; the value was replaced by a mask', error);
        return resolved.render('unredactable');
      }
    },
  };
}
