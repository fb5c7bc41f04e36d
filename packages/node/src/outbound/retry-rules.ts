// When a call may be repeated: an idempotent method, or a request the caller marked (an idempotency key
// header, or `idempotent: true`). Anything else is retried only when it never left (see failure-kind.ts).
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

function hasHeader(headers: RequestInit['headers'], name: string): boolean {
  if (headers === undefined) return false;
  if (headers instanceof Headers) return headers.has(name);
  if (Array.isArray(headers)) return headers.some(([key]) => key.toLowerCase() === name);
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** True when repeating the request cannot do the work twice. `idempotencyHeader` is lower-case. */
export function safeToRepeat(method: string | undefined, headers: RequestInit['headers'], idempotencyHeader: string, marked: boolean | undefined): boolean {
  if (marked !== undefined) return marked;
  return IDEMPOTENT_METHODS.has((method ?? 'GET').toUpperCase()) || hasHeader(headers, idempotencyHeader);
}
