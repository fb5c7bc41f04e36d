// The redacted copy of an Error: a real Error with the original's prototype (so `instanceof` and
// `name` survive), a scrubbed message and stack, and its cause, errors and own fields walked by the
// redaction walk (redact.ts) like any other value.

/** What the copy needs from the redaction walk. */
export interface ErrorCopyWalk {
  /** A message or stack, scanned. */
  scan(text: string): string;
  /** A nested value (`name`, `cause`, `errors`), redacted one level deeper. */
  child(value: unknown): unknown;
  /** An own field, masked by its key name or walked. */
  property(key: string, get: () => unknown): [string, unknown];
  /** The mask for a field whose getter threw. */
  unreadable(): string;
}

const SPECIAL = new Set(['message', 'stack', 'name', 'cause', 'errors']);

export function copyError(value: Error, walk: ErrorCopyWalk): Error {
  const field = (name: string): unknown => {
    try {
      return (value as unknown as Record<string, unknown>)[name];
    } catch {
      return walk.unreadable();
    }
  };
  const message = field('message');
  const copy = new Error(typeof message === 'string' ? walk.scan(message) : '');
  try {
    Object.setPrototypeOf(copy, Object.getPrototypeOf(value) as object | null);
  } catch {
    /* a frozen or exotic prototype: the copy stays a plain Error */
  }
  const stack = field('stack');
  const hidden = { writable: true, configurable: true, enumerable: false };
  Object.defineProperty(copy, 'stack', { ...hidden, value: typeof stack === 'string' ? walk.scan(stack) : undefined });
  if (Object.prototype.hasOwnProperty.call(value, 'name')) {
    Object.defineProperty(copy, 'name', { ...hidden, value: walk.child(field('name')) });
  }
  for (const name of ['cause', 'errors']) {
    if (name in value) Object.defineProperty(copy, name, { ...hidden, value: walk.child(field(name)) });
  }
  for (const key of Object.keys(value)) {
    if (SPECIAL.has(key)) continue;
    const [cleanKey, cleanValue] = walk.property(key, () => field(key));
    Object.defineProperty(copy, cleanKey, { value: cleanValue, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
