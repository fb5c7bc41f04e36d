// Secrets used as object keys: a cache, rate limiter or session store keyed by the secret itself
// (`activeSessions: { <session id>: … }`, `bucketsByApiKey: { <key>: 118 }`, `tokens: { <token>: grants }`),
// and attribute keys that carry a value after a secret's name (`app.cookie.<value>`). The parent's name
// says what its children's keys are; their values are walked as usual.
import { isIdentifierKey } from './identifier-keys';
import { keyTokens, type KeyMatcher } from './sensitive-keys';
import { isVersionKey } from './value-context';

/** Words that make a secret's name a collection of them (`sessionStore`, `token_cache`, `apiKeyMap`). */
const COLLECTION_WORDS = new Set(['store', 'cache', 'map', 'table', 'index', 'registry', 'lookup', 'db', 'pool']);
/** Words before a secret's name that say the collection is keyed by it (`bucketsByApiKey`, `limitsPerToken`). */
const KEYED_BY = new Set(['by', 'per']);
const ID_WORDS = new Set(['id', 'ids', 'key', 'keys', 'hash']);

/** What a key says about the value under it, beyond being a secret itself. */
export interface KeyContext {
  /** Set when the value's own keys are secrets of this kind (a collection keyed by them). */
  readonly keyedBy: string | undefined;
  /** The value is an identifier, random on purpose (`requestId`, `x-amz-id-2`). */
  readonly identifier: boolean;
  /** The key's last word is `version`: a dotted number under it is a version, not an address. */
  readonly version: boolean;
}

const ORDINARY: KeyContext = { keyedBy: undefined, identifier: false, version: false };

/**
 * A key that is a name, not data: words of letters (`count`, `lastSeen`, `max_age`, `ttl`) or a short
 * index. A collection's plain keys (`tokens: { prompt: 12 }`) are kept; anything else in it is masked.
 */
export function isPlainKey(key: string): boolean {
  if (/^\d{1,4}$/.test(key)) return true;
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
  /** The kind of secret a collection's name says its keys are. */
  function keyedBy(key: string): string | undefined {
    const words = keyTokens(key);
    const by = words.findIndex((word) => KEYED_BY.has(word));
    if (by === -1) return collectionOf(words);
    // `bucketsByApiKey`, `byToken`; `sessionsById`: the sessions' IDs are session IDs.
    return keys.sensitiveKind(words.slice(by + 1).join(' ')) ?? (ID_WORDS.has(words[by + 1] as string) ? collectionOf(words.slice(0, by)) : undefined);
  }

  /** `sessionStore`, `token_cache`; a plural of a secret's name (`sessions`, `apiKeys`, `refresh_tokens`). */
  function collectionOf(words: readonly string[]): string | undefined {
    const last = words[words.length - 1];
    if (last === undefined) return undefined;
    if (COLLECTION_WORDS.has(last) && words.length > 1) return keys.sensitiveKind(words.slice(0, -1).join(' '));
    // `secrets`, `cookies` and `credentials` are secrets themselves, masked whole before this is asked.
    if (last.length > 3 && last.endsWith('s')) return keys.sensitiveKind([...words.slice(0, -1), last.slice(0, -1)].join(' '));
    return undefined;
  }

  return {
    context(key) {
      const kind = keyedBy(key);
      const context = { keyedBy: kind, identifier: kind === undefined && isIdentifierKey(key), version: isVersionKey(key) };
      return context.keyedBy === undefined && !context.identifier && !context.version ? ORDINARY : context;
    },
    carried(key, render) {
      // Dotted attribute keys only: `http.request.cookie.<value>`, `app.session.<id>.ttl`.
      if (!key.includes('.')) return undefined;
      const segments = key.split('.');
      let offset = 0;
      for (let i = 0; i < segments.length - 1; i++) {
        offset += (segments[i] as string).length + 1;
        const kind = keys.sensitiveKind(segments[i] as string);
        if (kind === undefined) continue;
        const next = segments[i + 1] as string;
        // `cookie.sid=<value>` and `cookie.sid:<value>` are pairs: the scanner masks the value, keeps the name.
        if (isPlainKey(next) || /[=:]/.test(next)) return undefined;
        return key.slice(0, offset) + render(kind, key.slice(offset));
      }
      return undefined;
    },
  };
}
