// `key=value` and `"key": "value"` pairs inside text (logfmt, query strings, env dumps, JSON or
// YAML in a message, header lines): when the key names a secret, its value is replaced. Keys
// are judged by the same matcher as object keys, so `token=…` is masked and `token_count=3` kept.
import type { KeyMatcher } from './sensitive-keys';
import type { TextRule } from './text-rule';

const AUTH_SCHEME = /^(?:bearer|basic|digest|token|negotiate|ntlm|apikey)[ \t]+/i;
const NEXT_PAIR = /^[\w.[\]-]+=/;
/** A verb right after a bare word: the word was a sentence's subject (`password: Password is too weak`). */
const SENTENCE_GOES_ON = /^[ \t]+(?:is|are|was|were|must|should|cannot|can't|does|did|has|have|needs?)\b/i;
const GENERIC_SUBJECT = /^(?:value|field|this|it|input|entry)$/i;

/** A word that can start a validation message: a secret's name (`Password`, `Token`) or `Value`, `This`, `Field`. */
function isSubject(word: string, keys: KeyMatcher): boolean {
  return /^[A-Za-z]{1,20}$/.test(word) && (GENERIC_SUBJECT.test(word) || keys.sensitiveKind(word) !== undefined);
}
/**
 * Bare words after a secret's name that say something about it instead of being it: a flag
 * (`using password: YES` in MySQL's errors, `token=none`) or the start of a sentence
 * (`password: must contain at least 12 characters`, `token: expired`, `invalid token: jwt malformed`).
 */
const NOT_A_VALUE =
  /^\(?(?:null|true|false|undefined|none|nil|yes|no|on|off|enabled|disabled|required|missing|invalid|empty|expired|incorrect|wrong|must|should|is|was|cannot|not|too|does|did|mismatch|unset|provided|changed|redacted|hidden|jwt)\)?[.,;]?$/i;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** End of a quoted value: the next unescaped closing quote, or the end of the text (fail closed). */
function quotedEnd(text: string, from: number, quote: string): number {
  if (quote.length === 2) {
    const end = text.indexOf(quote, from);
    return end === -1 ? text.length : end;
  }
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i;
  }
  return text.length;
}

/**
 * End of an unquoted value. `&`, `?`, `,` and `;` end it only where a new pair follows (or, for
 * `,` and `;`, a space), so `p@ss;word` and `secret-973?` stay whole while `pwd=x&view=stats`
 * keeps `view=stats`.
 */
function bareEnd(text: string, from: number, jsonLike: boolean): number {
  let i = from;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (isSpace(ch) || ch === '"' || ch === "'" || ch === '<' || ch === '>' || ch === '`') break;
    if (ch === '\\' && text[i + 1] === '"') break;
    if (jsonLike && (ch === ',' || ch === '}' || ch === ']')) break;
    if (ch === '&' || ch === '?' || ch === ',' || ch === ';') {
      if (NEXT_PAIR.test(text.slice(i + 1, i + 66))) break;
      // `,` and `;` also end a value before a space (`sid=abc; Path=/`, `a=1, b=2`).
      const next = text[i + 1];
      if ((ch === ',' || ch === ';') && (next === undefined || isSpace(next))) break;
    }
  }
  return i;
}

/**
 * End of a `{…}` or `[…]` value under a sensitive key: the matching bracket (strings skipped), or
 * the end of the text when it never closes (fail closed).
 */
function balancedEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') i = quotedEnd(text, i + 1, '"');
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Characters of a key, walked backwards from the separator. */
function isKeyChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45 || code === 36;
}

/** The key in front of a separator at `at`: `NODE_AUTH_TOKEN=`, `"Token":`, `\\"apiKey\\": `. */
function keyBefore(text: string, at: number): { key: string; quoted: boolean } | undefined {
  let end = at;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let quoted = false;
  if (end > 0 && (text[end - 1] === '"' || text[end - 1] === "'")) {
    quoted = true;
    end--;
    if (text[end - 1] === '\\') end--;
  }
  let start = end;
  while (start > 0 && end - start < 64 && isKeyChar(text.charCodeAt(start - 1))) start--;
  // Keys start with a letter, `_` or `$` (so `12:30` and `:394:21` in stack frames are skipped fast).
  while (start < end && !/[A-Za-z_$]/.test(text[start] as string)) start++;
  return start < end ? { key: text.slice(start, end), quoted } : undefined;
}

export function keyValuePairRule(keys: KeyMatcher): TextRule {
  return {
    kind: 'secret',
    gate: (p) => p.colons + p.equals > 0,
    // Anchored on the separator (`=` or `:` right after a key); the key is read backwards and
    // judged in code (a look-behind over key words is far slower in V8), the value's extent
    // worked out by hand (quotes, escapes, `&`).
    source: /(?:=(?![=>])|:(?![/:]|\\(?!["'])))(?<=[\w.$-]\\?["']?[ \t]*[=:])[ \t]*(?:\\?["'])?/.source,
    check: (match, index, text) => {
      const afterSeparator = index + match.length;
      const found = keyBefore(text, index);
      const kind = found ? keys.sensitiveKind(found.key) : undefined;
      if (!found || kind === undefined) return { resume: afterSeparator };
      const quote = /\\?["']$/.exec(match)?.[0];
      let start = afterSeparator;
      let end: number;
      if (quote !== undefined) {
        end = quotedEnd(text, start, quote);
      } else {
        const first = text[start];
        // A structure under a sensitive key (`"credentials": {…}`) goes whole, like an object's.
        if (first === '{' || first === '[') return { start, end: balancedEnd(text, start), kind };
        const scheme = AUTH_SCHEME.exec(text.slice(start, start + 16));
        if (scheme) start += scheme[0].length;
        end = bareEnd(text, start, found.quoted);
        const value = text.slice(start, end);
        if (NOT_A_VALUE.test(value) || (isSubject(value, keys) && SENTENCE_GOES_ON.test(text.slice(end, end + 12)))) return { resume: end };
      }
      return end > start ? { start, end, kind } : { resume: afterSeparator };
    },
  };
}

/**
 * A secret named in prose or on a command line, without `=` or `:`: `password "Winter2024!"`,
 * `--token abc123`. Only the quoted string or the next word after a sensitive key goes.
 */
export function spacedValueRule(keys: KeyMatcher): TextRule {
  return {
    kind: 'secret',
    gate: (p) => p.quotes > 0 || p.dashes >= 2,
    source: /--[A-Za-z][\w-]{1,40}[ \t]+(?=[^\s-])|["'](?<=[A-Za-z0-9_][ \t]{1,4}["'])/.source,
    check: (match, index, text) => {
      if (match.startsWith('--')) {
        const kind = keys.sensitiveKind(match.slice(2).trim());
        const start = index + match.length;
        const end = bareEnd(text, start, false);
        return kind !== undefined && end > start ? { start, end, kind } : null;
      }
      const found = keyBefore(text, index);
      const kind = found ? keys.sensitiveKind(found.key) : undefined;
      if (kind === undefined) return null;
      const start = index + 1;
      const end = quotedEnd(text, start, match);
      return end > start ? { start, end, kind } : null;
    },
  };
}

/** `curl -u user:password`, `--user user:password`: the password after the first colon (not a URL's `://`). */
export const CLI_USER_RULE: TextRule = {
  kind: 'password',
  hints: ['-u', '--user'],
  source: /(?:-u|--user)(?<=(?:^|\s)(?:-u|--user))[ =]+["']?[^\s:"']+:(?!\/\/)[^\s"']+/.source,
  check: (match, index) => {
    const colon = match.indexOf(':');
    return { start: index + colon + 1, end: index + match.length, kind: 'password' };
  },
};

/**
 * Endings of the words that can name a secret in prose, matched case-insensitively right before the
 * space (`apiKey`, `accessToken`, `PGPASSWORD`, `sessionId`); the key matcher then judges the word.
 */
const PROSE_WORD_ENDINGS = 'pass(?:word|wd|phrase)?|pwd|secrets?|tokens?|key|session(?:id)?|sid|cookies?|credentials?|auth(?:orization)?';

/** A credential-like word: 6+ characters mixing letters with digits or symbols (not prose). */
function looksLikeCredential(value: string): boolean {
  return value.length >= 6 && /[A-Za-z]/.test(value) && /[\d!#$%^&*@~+=]/.test(value);
}

/**
 * A secret named in prose with only a space: `session e1hoc19snckh1c60 expired`, `using api key
 * abc123def456`. Anchored on a space after a word containing a secret's name; the word (or the
 * last two words) must name a secret and the next word must look like a credential.
 */
export function proseValueRule(keys: KeyMatcher): TextRule {
  return {
    kind: 'secret',
    gate: (p) => p.digits > 0 && p.spaces > 0 && p.length >= 12,
    source: `[ \\t](?<=(?:${PROSE_WORD_ENDINGS})[ \\t])(?=[^\\s"'<>()[\\]{},;]{6})`,
    flags: 'i',
    check: (_match, index, text) => {
      const word = keyBefore(text, index);
      if (!word) return null;
      let kind = keys.sensitiveKind(word.key);
      if (kind === undefined) {
        const previous = keyBefore(text, index - word.key.length);
        if (previous && !previous.quoted) kind = keys.sensitiveKind(`${previous.key} ${word.key}`);
      }
      if (kind === undefined) return null;
      const start = index + 1;
      const end = bareEnd(text, start, false);
      return looksLikeCredential(text.slice(start, end)) ? { start, end, kind } : null;
    },
  };
}
