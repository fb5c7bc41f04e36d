// Incoming request IDs are untrusted header values: only a short, plain token may reach a log or a response.
const UPSTREAM_ID = /^[A-Za-z0-9._:~*$=+/-]{1,128}$/;

/**
 * True when `value` is safe to carry as an upstream request ID: a string of 1–128 characters from
 * `A–Z a–z 0–9 . _ : ~ * $ = + / -` (UUIDs, ULIDs, base64 IDs, W3C trace IDs and Faultline's own IDs pass;
 * newlines, spaces, quotes and markup do not).
 */
export function isValidUpstreamRequestId(value: unknown): value is string {
  return typeof value === 'string' && UPSTREAM_ID.test(value);
}
