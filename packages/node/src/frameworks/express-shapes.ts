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
// A missing property is created with the value it reads as (undefined, or its prototype's default);
// one already there is left alone.
// Express's own checks all read the value (`res.locals || …`, `if (req._body)`), never test presence,
// except body-parser 2's `'body' in req`, which then assigns the undefined that is already there.
// Written out name by name: each store then sees the same hidden classes on every request (a loop over
// names would make one store site see them all).
function seedRequest(req: Record<string, unknown>): void {
  if (!('next' in req)) req.next = undefined;
  if (!('baseUrl' in req)) req.baseUrl = undefined;
  if (!('originalUrl' in req)) req.originalUrl = undefined;
  if (!('_parsedUrl' in req)) req._parsedUrl = undefined;
  if (!('params' in req)) req.params = undefined;
  if (!('body' in req)) req.body = undefined;
  if (!('_body' in req)) req._body = undefined;
  if (!('length' in req)) req.length = undefined;
  if (!('route' in req)) req.route = undefined;
  if (!('_parsedOriginalUrl' in req)) req._parsedOriginalUrl = undefined;
  if (!('__onFinished' in req)) req.__onFinished = undefined;
  // EventEmitter's prototype answers (0) until the first listener is counted.
  if (!Object.prototype.hasOwnProperty.call(req, '_eventsCount')) {
    const count = req._eventsCount;
    req._eventsCount = count;
  }
}

function seedResponse(res: Record<string, unknown>): void {
  if (!('locals' in res)) res.locals = undefined;
  // ServerResponse's prototype answers (200, undefined) until a status is set.
  if (!Object.prototype.hasOwnProperty.call(res, 'statusCode')) {
    const status = res.statusCode;
    res.statusCode = status;
  }
  if (!Object.prototype.hasOwnProperty.call(res, 'statusMessage')) {
    const message = res.statusMessage;
    res.statusMessage = message;
  }
}

let enabled = true;

/** FAULTLINE_EXPRESS_STABLE_SHAPES: on by default. */
export function configureExpressShapes(settings: { readonly enabled: boolean }): void {
  enabled = settings.enabled;
}

/** Before Express's init: the properties it will add, created now with the values they read as. */
export function seedExpressShapes(req: IncomingMessage, res: ServerResponse): void {
  if (!enabled) return;
  try {
    seedRequest(req as unknown as Record<string, unknown>);
    seedResponse(res as unknown as Record<string, unknown>);
  } catch {
    // A property the app made read-only (a getter of its own): left as it is.
  }
}
