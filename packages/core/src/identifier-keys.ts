// Request and object IDs that are random on purpose (`x-amz-id-2`, `x-amz-cf-id`, `requestId`,
// `upload_id`) look like keys to the entropy rule. Under a key that names an ID (and no secret, which
// the key matcher decides first), a random value is kept; provider formats and named pairs still apply.
import { keyTokens } from './sensitive-keys';

/** Glued spellings of an ID's name (`x-amzn-requestid`, `traceid`). */
const GLUED_ID = /^(?:request|trace|span|correlation|transaction|message|event|upload|object|version|execution|invocation)id$/;
const ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'rid', 'reqid']);
const CACHE_LIMIT = 1024;
const cache = new Map<string, boolean>();

/** Every identifier's name holds `id` (`requestId`, `x-amz-id-2`, `uuid`, `guid`): most keys are ruled out by this alone. */
const ID_HINT = /id/i;

/** True when the last word (a trailing number aside: `x-amz-id-2`) names an identifier. */
export function isIdentifierName(words: readonly string[]): boolean {
  let last = words.length - 1;
  while (last > 0 && /^\d+$/.test(words[last] as string)) last--;
  const word = words[last] ?? '';
  return ID_WORDS.has(word) || GLUED_ID.test(word);
}

/** True when the key's last word (a trailing number aside: `x-amz-id-2`) says the value is an identifier. */
export function isIdentifierKey(key: string): boolean {
  let verdict = cache.get(key);
  if (verdict === undefined) {
    verdict = ID_HINT.test(key) && isIdentifierName(keyTokens(key));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, verdict);
  }
  return verdict;
}

/** The key of a `key: value` / `key=value` pair, or an XML element's name, ending right at the end of the text. */
const KEY_BEFORE_VALUE = /(?:([A-Za-z_$][\w.$-]{0,63})["']?[ \t]*[:=][ \t]*["']?|<([A-Za-z_][\w.-]{0,63})>)$/;

/** True when the text just before a value names an identifier (`x-amz-id-2: `, `"requestId":"`, `<HostId>`). */
export function followsIdentifierKey(text: string, valueStart: number): boolean {
  const found = KEY_BEFORE_VALUE.exec(text.slice(Math.max(0, valueStart - 72), valueStart));
  const key = found?.[1] ?? found?.[2];
  return key !== undefined && isIdentifierKey(key);
}
