// What an object key says, worked out once per key and remembered (bounded): whether it names a secret,
// its scrubbed form (a token or e-mail can be a key, a value can ride on one: `app.cookie.<value>`), what
// it says about its value, and the last string under it the scanner left as it was (most keys hold the
// same value again and again: a method, a route, an address), so a repeat costs one comparison.
import { MIN_KEY_TOKEN, looksRandom } from './high-entropy';
import type { ResolvedOptions } from './redact-options';
import { ORDINARY_KEY, type KeyContext, type SecretKeys } from './secret-keys';
import type { KeyMatcher } from './sensitive-keys';
import type { TextScanner } from './text-scanner';

export interface KeyFacts {
  readonly kind: string | undefined; // the secret the key names (its value is masked whole)
  readonly clean: string;
  readonly context: KeyContext;
  readonly masked: boolean; // the key holds a mask from an earlier pass
  lastClean: string | undefined; // the last string under this key the scanner left as it was
}

const KEY_CACHE_LIMIT = 4096;
/** Strings remembered as clean are short (one per remembered key: half a megabyte at most). */
const MAX_REMEMBERED_LENGTH = 64;

export class KeyFactsCache {
  private readonly cache = new Map<string, KeyFacts>();
  /** The first character of a mask (`[`): a cheap test before looking for masks in a key. */
  private readonly maskChar: string;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly keys: KeyMatcher,
    private readonly text: TextScanner,
    private readonly secretKeys: SecretKeys,
  ) {
    this.maskChar = options.render('x').charAt(0);
  }

  of(key: string): KeyFacts {
    let facts = this.cache.get(key);
    if (facts === undefined) {
      // What the key names, masks from an earlier pass aside (a record redacted again at export:
      // `[REDACTED:session]` and `app.session.[REDACTED:session]` name no session).
      const named = key.includes(this.maskChar) ? this.options.unmask(key) : key;
      const kind = this.keys.sensitiveKind(named);
      const clean =
        kind !== undefined ? key
        : looksRandom(key, MIN_KEY_TOKEN) ? this.options.render('token', key)
        : (this.secretKeys.carried(key, this.options.render) ?? this.text.scan(key));
      facts = { kind, clean, context: kind === undefined ? this.secretKeys.context(named) : ORDINARY_KEY, masked: named !== key, lastClean: undefined };
      // Only clean keys are remembered: a key that held a secret is not kept alive in the cache.
      if (clean === key) {
        if (this.cache.size >= KEY_CACHE_LIMIT) this.cache.clear();
        this.cache.set(key, facts);
      }
    }
    return facts;
  }

  /** A string under the key `facts` describe, scanned unless it is the last one found clean there. */
  scanUnder(facts: KeyFacts, raw: string): string {
    if (raw === facts.lastClean) return raw;
    const scanned = this.text.scan(raw);
    // A copy: a slice of a large string would keep all of it alive.
    if (scanned === raw && raw.length <= MAX_REMEMBERED_LENGTH) facts.lastClean = ` ${raw}`.slice(1);
    return scanned;
  }
}
