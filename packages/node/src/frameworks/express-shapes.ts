// Express swaps the prototype of every request and response (`setPrototypeOf(req, app.request)`) and then
// adds properties to them. V8 gives an object that gains a property after such a swap a hidden class of
// its own, so from then on every request and response has a different one and every property access on
// them, in Express, Node's http and the app alike, misses its inline cache (a runtime lookup each time).
// Giving those properties a slot before Express sees the objects keeps one hidden class for every
// request: the same values, only created earlier. Measured on the benchmark's Express 4 app, without
// Faultline: 132 → 55 µs of CPU per request on Node 22 (docs/benchmarks.md, "HTTP overhead"). V8 13.6 (Node 24) keeps
// one hidden class by itself, so there the seeding is off unless asked for (shapesNeeded).
import { IncomingMessage, ServerResponse } from 'node:http';

// What Express 4 and 5, their router and on-finished add after the swap, in the order they usually do,
// and what Node adds then to a request the first time a listener is added or to a response when its
// status is set (until then their prototypes answer). A missing property is created with the value it
// reads as (undefined, or its prototype's default); one already there is left alone. Express's own code
// reads these values, never tests their presence. `body` is left out on purpose: tRPC's Express adapter
// reads the request stream itself only when `'body' in req` is false.
export const REQUEST_NAMES = [
  'next', 'baseUrl', 'originalUrl', '_parsedUrl', 'params', '_body', 'length', 'route',
  '_parsedOriginalUrl', '__onFinished', '_eventsCount',
] as const;
export const RESPONSE_NAMES = ['locals', 'statusCode', 'statusMessage'] as const;

// Written out name by name: each store then sees the same hidden classes on every request (a loop over
// names would make one store site see them all). The test checks these against the lists above.
function seedRequest(req: Record<string, unknown>): void {
  if (!('next' in req)) req.next = undefined;
  if (!('baseUrl' in req)) req.baseUrl = undefined;
  if (!('originalUrl' in req)) req.originalUrl = undefined;
  if (!('_parsedUrl' in req)) req._parsedUrl = undefined;
  if (!('params' in req)) req.params = undefined;
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

/** True when an object on `proto`'s chain, below `stop`, has one of `names` of its own. */
function definesAny(proto: object, stop: object, names: readonly string[]): boolean {
  for (let o: object | null = proto; o !== null && o !== stop; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of names) if (Object.prototype.hasOwnProperty.call(o, name)) return true;
  }
  return false;
}

// An app (or a library) that gives one of these names a value or an accessor on `app.request` or
// `app.response` has its requests inherit it after the swap; a property created earlier would hide it.
// Such an app is left as Express builds it. Decided once per app, on its first request.
const seedableApps = new WeakMap<object, boolean>();

function seedable(app: ExpressAppLike): boolean {
  const { request, response } = app;
  if (typeof request !== 'object' || request === null || typeof response !== 'object' || response === null) return false;
  let verdict = seedableApps.get(request);
  if (verdict === undefined) {
    verdict = !definesAny(request, IncomingMessage.prototype, REQUEST_NAMES) && !definesAny(response, ServerResponse.prototype, RESPONSE_NAMES);
    seedableApps.set(request, verdict);
  }
  return verdict;
}

export interface ExpressAppLike {
  readonly request?: unknown;
  readonly response?: unknown;
}

let enabled = true;

/**
 * Whether this V8 gives an object that gains properties after a prototype swap a hidden class of its own.
 * From V8 13.6 (Node 24) on it no longer does: two Express requests share one without help (measured with
 * %HaveSameMap in test/scenarios/express-shapes, and in the http-overhead benchmark).
 */
export function shapesNeeded(v8Version: string = process.versions.v8): boolean {
  const [major = 0, minor = 0] = v8Version.split('.').map(Number);
  return major < 13 || (major === 13 && minor < 6);
}

/** FAULTLINE_EXPRESS_STABLE_SHAPES: unset means where this V8 needs them. */
export function configureExpressShapes(settings: { readonly enabled?: boolean }): void {
  enabled = settings.enabled ?? shapesNeeded();
}

/**
 * Before Express's init: the properties it will add, created now with the values they read as. Only for
 * node:http's own request and response (an HTTP/2 compatibility response warns on `statusMessage`).
 */
export function seedExpressShapes(app: ExpressAppLike, req: IncomingMessage, res: ServerResponse): void {
  if (!enabled || !(req instanceof IncomingMessage) || !(res instanceof ServerResponse) || !seedable(app)) return;
  try {
    seedRequest(req as unknown as Record<string, unknown>);
    seedResponse(res as unknown as Record<string, unknown>);
  } catch {
    // A property the app made read-only on a prototype (a getter without a setter): left as it is.
  }
}
