// What a value's surroundings say about it, for the redaction walk: a dotted number under a key named
// `version` is a version (not an IPv4 address), and in an argv-style array the element after a secret's
// flag (`--db-password`, `hunter2`) is that secret's value.
/** Keys whose last word is `version` (`service.version`, `app_version`, `appVersion`, `VERSION`). */
const VERSION_KEY = /(?:^|[^A-Za-z]|[a-z](?=V))(?:version|Version|VERSION)$/;
/** A bare dotted version, `2.0.1.7`, `v1.2.3.4`, `131.0.0.0-beta.1`: nothing secret or personal fits it. */
const VERSION_VALUE = /^[vV]?\d{1,9}(?:\.\d{1,9}){1,5}(?:[-+][0-9A-Za-z.-]{1,40})?$/;

/** Cheap pre-check before VERSION_KEY: most keys do not end in `n`. */
function endsWithN(key: string): boolean {
  const last = key.charCodeAt(key.length - 1);
  return last === 110 /* n */ || last === 78 /* N */;
}

/** A bare command-line flag, `-x`, `--name` or `--some-name` (a `--name=value` element is text: the scanner sees both). */
const FLAG = /^--?([A-Za-z][\w.-]*)$/;
const MAX_FLAG_LENGTH = 64;

/** The value after a secret's flag: a string or number that is not itself the next flag (`--no-password --verbose`). */
export function isFlagValue(item: unknown): boolean {
  if (typeof item === 'number' || typeof item === 'bigint') return true;
  return typeof item === 'string' && !(item.length <= MAX_FLAG_LENGTH && FLAG.test(item));
}

/** The name of a bare command-line flag (`--api-key` → `api-key`), if `item` is one. */
export function flagName(item: unknown): string | undefined {
  if (typeof item !== 'string' || item.charCodeAt(0) !== 45 /* - */ || item.length > MAX_FLAG_LENGTH) return undefined;
  return FLAG.exec(item)?.[1];
}
/** Keys whose last word is `version`. */
export function isVersionKey(key: string): boolean {
  return endsWithN(key) && VERSION_KEY.test(key);
}

/** A bare dotted version string. */
export function isVersionValue(value: unknown): boolean {
  return typeof value === 'string' && VERSION_VALUE.test(value);
}
