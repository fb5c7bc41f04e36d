// Express swaps the prototype of every request and response (`setPrototypeOf(req, app.request)`) and then
// adds properties to them. V8 gives an object that gains a property after such a swap a hidden class of
// its own, so from then on every request and response has a different one and every property access on
// them, in Express, Node's http and the app alike, misses its inline cache (a runtime lookup each time).
// Giving those properties a slot before Express sees the objects keeps one hidden class for every
// request: the same values, only created earlier. Measured on the benchmark's Express 4 app, without
// Faultline: 104 → 67 µs of CPU per request (README "What it costs").
import type { IncomingMessage, ServerResponse } from 'node:http';

// What Express 4 and 5, their router and bundled middleware (body-parser, finalhandler's on-finished) add
// after the swap, in the order they usually do, and what Node adds then to a request the first time a
// listener is added or to a response when its status is set (until then their prototypes answer).
// Each own copy holds what the property reads as now: undefined, or the prototype's default (0, 200).
// Express's own checks all read the value (`res.locals || …`, `if (req._body)`), never test presence,
// except body-parser 2's `'body' in req`, which then assigns the undefined that is already there.
const REQUEST_PROPERTIES = [
  'next', 'baseUrl', 'originalUrl', '_parsedUrl', 'params', 'body', '_body', 'length', 'route',
  '_parsedOriginalUrl', '__onFinished', '_eventsCount',
] as const;
const RESPONSE_PROPERTIES = ['locals', 'statusCode', 'statusMessage'] as const;

let enabled = true;

/** FAULTLINE_EXPRESS_STABLE_SHAPES: on by default. */
export function configureExpressShapes(settings: { readonly enabled: boolean }): void {
  enabled = settings.enabled;
}

function seed(target: object, key: string): void {
  const record = target as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, key)) return;
  const current = record[key];
  record[key] = current;
}

/** Before Express's init: the properties it will add, created now with the values they read as. */
export function seedExpressShapes(req: IncomingMessage, res: ServerResponse): void {
  if (!enabled) return;
  for (const key of REQUEST_PROPERTIES) seed(req, key);
  for (const key of RESPONSE_PROPERTIES) seed(res, key);
}
