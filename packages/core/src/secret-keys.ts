// Secrets used as object keys or held by a collection: a cache, rate limiter or session store keyed by
// the secret itself (`activeSessions: { <session id>: … }`, `bucketsByApiKey: { <key>: 118 }`), a map of
// secrets by owner (`tokensByUser: { bob: <token> }`), and attribute keys that carry a value after a
// secret's name (`app.cookie.<value>`). The parent's name says what its children's keys and values are.
import { isIdentifierName } from './identifier-keys';
import { keyTokens, type KeyMatcher } from './sensitive-keys';
import { isVersionKey } from './value-context';

/** Words that make a secret's name a collection of them (`sessionStore`, `token_cache`, `apiKeyMap`). */
const COLLECTION_WORDS = new Set(['store', 'cache', 'map', 'table', 'index', 'registry', 'lookup', 'db', 'pool']);
/** Words that say what a collection is keyed by (`bucketsByApiKey`, `limitsPerToken`, `tokensByUser`). */
const KEYED_BY = new Set(['by', 'per']);
const ID_WORDS = new Set(['id', 'ids', 'key', 'keys', 'hash']);
/** Kinds whose plural or collection names a collection of them (not `cards` or `pins`: UI cards, GPIO pins). */
const COLLECTED_KINDS = new Set(['token', 'session', 'password', 'api_key', 'secret', 'private_key', 'authorization']);

/** What a key says about the value under it, beyond being a secret itself. */
export interface KeyContext {
  /** The value's own keys are secrets of this kind (a collection keyed by them). */
  readonly keyedBy: string | undefined;
  /** Strings under this key are secrets of this kind: its own, its members', its elements' (`apiKeys`, `tokensByUser`). */
  readonly holds: string | undefined;
  /** The value is an identifier, random on purpose (`requestId`, `x-amz-id-2`). */
  readonly identifier: boolean;
  /** The key's last word is `version`: a dotted number under it is a version, not an address. */
  readonly version: boolean;
}

/** A date, time or timestamp (`2025-01-01`, `10:00`, `2025-01-01T10:00:00Z`): when, not what. */
const CLOCK_OR_DATE = /^(?:\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?)?|\d{1,2}:\d\d(?::\d\d)?)$/;
/** Letters every collection's name holds (a secret's name, `by`, `per`, `to`), and an identifier's. */
const COLLECTION_HINT = /tok|ses|sid|jwt|pass|pwd|key|secr|auth|by|per|to/i;
const ID_HINT = /id/i;
const NO_COLLECTION = { keyedBy: undefined, holds: undefined };
/** The context of most keys (one shared object: compared by identity). */
export const ORDINARY_KEY: KeyContext = { keyedBy: undefined, holds: undefined, identifier: false, version: false };

/**
 * A key or string that is a name, not data: words of letters (`count`, `lastSeen`, `max_age`, `ttl`), a
 * number of up to six digits, a date or a time. A collection's plain members (`tokens: { prompt: 12 }`)
 * are kept; anything else in it goes.
 */
export function isPlainKey(key: string): boolean {
  if (/^\d{1,6}$/.test(key) || CLOCK_OR_DATE.test(key)) return true;
  if (key.length > 40 || !/^[A-Za-z][A-Za-z_ .-]*$/.test(key)) return false;
  const words = keyTokens(key);
  return words.length <= 5 && words.every((word) => word.length <= 14);
}

export interface SecretKeys {
  /** Worked out anew on every call: the caller caches it with the key. */
  context(key: string): KeyContext;
  /** The key with the value it carries after a secret's name replaced (`app.cookie.<value>`), if any. */
  carried(key: string, render: (kind: string, value: string) => string): string | undefined;
}

export function createSecretKeys(keys: KeyMatcher): SecretKeys {
  /** The collected kind a name ends with, singular or plural (`token`, `apiKeys`, `active_sessions`). */
  function collected(words: readonly string[]): string | undefined {
    const last = words[words.length - 1];
    if (last === undefined) return undefined;
    let kind = keys.wordsKind(words);
    if (kind === undefined && last.length > 3 && last.endsWith('s')) kind = keys.wordsKind([...words.slice(0, -1), last.slice(0, -1)]);
    return kind !== undefined && COLLECTED_KINDS.has(kind) ? kind : undefined;
  }

  /** What a collection's name says: its keys, its values, or both are secrets. */
  function collection(words: readonly string[]): { keyedBy: string | undefined; holds: string | undefined } {
    // `tokenToUser`, `sessionIdToUserId`: a map from secrets (`userToToken` names a secret: masked whole).
    const to = words.indexOf('to');
    if (to > 0) return { keyedBy: collected(words.slice(0, to)), holds: undefined };
    const by = words.findIndex((word) => KEYED_BY.has(word));
    if (by === -1) {
      const last = words[words.length - 1] as string;
      const kind = COLLECTION_WORDS.has(last) && words.length > 1 ? collected(words.slice(0, -1)) : collected(words);
      return { keyedBy: kind, holds: kind };
    }
    // `bucketsByApiKey`: keys; `tokensByUser`: values; `sessionsById`: the sessions' IDs are session IDs.
    const after = words.slice(by + 1);
    const held = collected(words.slice(0, by));
    if (after.length === 1 && ID_WORDS.has(after[0] as string)) return { keyedBy: held, holds: held };
    return { keyedBy: keys.wordsKind(after), holds: held };
  }

  return {
    context(key) {
      // Most keys hold none of these letters: then they name no collection and no identifier.
      const collects = COLLECTION_HINT.test(key);
      const names = ID_HINT.test(key);
      const words = collects || names ? keyTokens(key) : [];
      const { keyedBy, holds } = collects ? collection(words) : NO_COLLECTION;
      const identifier = keyedBy === undefined && holds === undefined && names && isIdentifierName(words);
      const context = { keyedBy, holds, identifier, version: isVersionKey(key) };
      return keyedBy === undefined && holds === undefined && !identifier && !context.version ? ORDINARY_KEY : context;
    },
    carried(key, render) {
      // Dotted attribute keys only: `http.request.cookie.<value>`, `app.session.<id>.ttl`.
      if (!key.includes('.')) return undefined;
      const segments = key.split('.');
      let offset = 0;
      for (let i = 0; i < segments.length - 1; i++) {
        offset += (segments[i] as string).length + 1;
        const kind = keys.sensitiveKind(segments[i] as string);
        const next = segments[i + 1] as string;
        // A plain name after it is a name (`cookie.theme`, `cookie.JSESSIONID.<value>`: look further);
        // `cookie.sid=<value>` and `cookie.sid:<value>` are pairs: the scanner masks the value, keeps the name.
        if (kind === undefined || isPlainKey(next)) continue;
        if (/[=:]/.test(next)) return undefined;
        return key.slice(0, offset) + render(kind, key.slice(offset));
      }
      return undefined;
    },
  };
}
