// Decides whether an object key (or the key of a `key=value` pair inside text) names a secret.
// Keys are compared as normalised word tokens, not substrings: `refreshToken` and `X-API-Key`
// are sensitive, while `tokenCount`, `auth_method` or `keyboard.layout` are not.

/** Word sequences that name a secret, mapped to the kind shown in the replacement. */
const BUILT_IN_TERMS: ReadonlyArray<readonly [string, string]> = [
  ['password', 'password'], ['passwd', 'password'], ['pwd', 'password'], ['pass', 'password'],
  ['passphrase', 'password'], ['secret', 'secret'], ['secrets', 'secret'], ['client secret', 'secret'],
  ['token', 'token'], ['jwt', 'token'], ['bearer', 'token'], ['otp', 'token'], ['dsn', 'secret'],
  ['api key', 'api_key'], ['access key', 'api_key'], ['access key id', 'api_key'], ['secret key', 'secret'],
  ['private key', 'private_key'], ['signing key', 'private_key'], ['encryption key', 'private_key'],
  ['master key', 'private_key'], ['license key', 'api_key'],
  ['auth', 'authorization'], ['authorization', 'authorization'], ['credential', 'credentials'],
  ['credentials', 'credentials'], ['creds', 'credentials'],
  ['cookie', 'cookie'], ['cookies', 'cookie'], ['session', 'session'], ['session id', 'session'],
  ['sid', 'session'],
  ['card number', 'credit_card'], ['cc number', 'credit_card'], ['credit card', 'credit_card'],
  ['card', 'credit_card'], ['pan', 'credit_card'], ['cvv', 'credit_card'], ['cvv2', 'credit_card'],
  ['cvc', 'credit_card'], ['csc', 'credit_card'], ['security code', 'credit_card'], ['pin', 'credit_card'],
  ['ssn', 'us_ssn'], ['iban', 'iban'], ['account number', 'iban'], ['account key', 'api_key'],
  ['signature', 'signature'], ['sig', 'signature'], ['sess', 'session'], ['pass phrase', 'password'],
  ['passcode', 'password'], ['subscription key', 'api_key'], ['cc num', 'credit_card'], ['cvc2', 'credit_card'],
  ['social security number', 'us_ssn'], ['client key', 'api_key'], ['app key', 'api_key'], ['consumer key', 'api_key'],
  ['service key', 'api_key'],
];

/**
 * Words that may follow a secret's name without changing what the value is
 * (`password_confirmation`, `tokenValue`). Any other trailing word (`count`, `type`, `method`,
 * `decision`, `url`, `name`, …) turns the key into metadata about the secret, which is kept.
 */
const STILL_SECRET = new Set([
  'value', 'val', 'confirm', 'confirmation', 'new', 'old', 'current', 'raw', 'plain', 'plaintext',
  'text', 'str', 'string', 'data', 'b64', 'base64', 'hex', 'header', 'enc', 'encrypted', 'hash', 'hashed',
  'code', 'pem', 'der', 'jwk', 'json', 'no', 'num', 'number', 'key',
]);

/** Glued spellings (`PGPASSWORD`, `apikey`, `PHPSESSID`) are split when a token ends with one of these. */
const GLUED_SUFFIXES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['password', ['password']], ['passwd', ['passwd']], ['passphrase', ['passphrase']],
  ['secret', ['secret']], ['token', ['token']], ['apikey', ['api', 'key']], ['accesskey', ['access', 'key']],
  ['secretkey', ['secret', 'key']], ['privatekey', ['private', 'key']], ['sessionid', ['session', 'id']],
  ['sessid', ['session', 'id']], ['session', ['session']], ['cookie', ['cookie']],
  ['credentials', ['credentials']], ['cardnumber', ['card', 'number']], ['creditcard', ['credit', 'card']],
];

const CACHE_LIMIT = 4096;
const KEYED_BY = new Set(['by', 'per']);

/** Splits a key into lower-case word tokens: `X-Api_Key` → [x, api, key], `refreshToken` → [refresh, token]. */
export function keyTokens(key: string): string[] {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const tokens: string[] = [];
  for (const raw of spaced.split(/[^a-z0-9]+/)) {
    if (raw === '') continue;
    tokens.push(...splitGlued(raw));
  }
  return tokens;
}

function splitGlued(token: string): readonly string[] {
  for (const [suffix, parts] of GLUED_SUFFIXES) {
    if (token.length > suffix.length && token.endsWith(suffix)) {
      return [token.slice(0, token.length - suffix.length), ...parts];
    }
    if (token === suffix) return parts;
  }
  return [token];
}

export interface KeyMatcherOptions {
  /** Extra key names (compared by tokens, like the built-in ones) or patterns tested on the raw key. */
  readonly extraKeys?: ReadonlyArray<string | RegExp>;
  /** Keys that are never redacted by name (compared by tokens, the whole key). */
  readonly keepKeys?: readonly string[];
}

export interface KeyMatcher {
  /** The kind of secret the key names, or undefined for an ordinary key. */
  sensitiveKind(key: string): string | undefined;
  /** True when the user asked for this key's value to be left exactly as it is. */
  isKept(key: string): boolean;
  /** `sensitiveKind` for a key already split into words (no cache, no custom patterns: for names built from words). */
  wordsKind(words: readonly string[]): string | undefined;
}

export function createKeyMatcher(options: KeyMatcherOptions = {}): KeyMatcher {
  const terms = new Map<string, string>(BUILT_IN_TERMS);
  const extraPatterns: RegExp[] = [];
  for (const extra of options.extraKeys ?? []) {
    if (typeof extra === 'string') terms.set(keyTokens(extra).join(' '), keyTokens(extra).join('_') || 'secret');
    else extraPatterns.push(new RegExp(extra.source, extra.flags.replace(/[gy]/g, '')));
  }
  const maxTermLength = Math.max(...[...terms.keys()].map((t) => t.split(' ').length));
  const kept = new Set((options.keepKeys ?? []).map((k) => keyTokens(k).join(' ')));
  const cache = new Map<string, string | null>();

  function classify(key: string): string | null {
    for (const pattern of extraPatterns) if (pattern.test(key)) return 'secret';
    return classifyWords(keyTokens(key));
  }

  function classifyWords(tokens: readonly string[]): string | null {
    // Walk from the end: the key is sensitive when its last secret word is followed only by
    // words that keep the meaning (`password_confirmation`), never by metadata (`token_count`).
    for (let end = tokens.length; end > 0; end--) {
      for (let length = Math.min(maxTermLength, end); length > 0; length--) {
        const kind = terms.get(tokens.slice(end - length, end).join(' '));
        if (kind === undefined) continue;
        // `bucketsByApiKey`, `limitsPerToken`: a collection keyed by secrets (see secret-keys.ts), not one.
        if (KEYED_BY.has(tokens[end - length - 1] as string)) return null;
        // A trailing number is a variant, not a description (`X-Hub-Signature-256`, `password2`); `for …`
        // says whose secret it is (`passwordForUser`, `token_for_billing`).
        const rest = tokens.slice(end);
        return rest[0] === 'for' || rest.every((t) => STILL_SECRET.has(t) || /^\d+$/.test(t)) ? kind : null;
      }
    }
    return null;
  }

  return {
    sensitiveKind(key) {
      let kind = cache.get(key);
      if (kind === undefined) {
        if (kept.size > 0 && kept.has(keyTokens(key).join(' '))) kind = null;
        else kind = classify(key);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, kind);
      }
      return kind ?? undefined;
    },
    isKept(key) {
      return kept.size > 0 && kept.has(keyTokens(key).join(' '));
    },
    wordsKind(words) {
      return classifyWords(words) ?? undefined;
    },
  };
}
