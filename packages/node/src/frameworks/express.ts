// Express 4 and 5. Express publishes no diagnostics channel or error hook, so three small patches, each
// applied once when `express` is loaded (CommonJS through require-in-the-middle, ESM through
// import-in-the-middle, both via @opentelemetry/instrumentation):
// 1. Express 4 only: Layer#handle_request / #handle_error also forward a returned promise's rejection
//    to next(err), as Express 5's router does — otherwise an async handler's throw is an
//    unhandledRejection and the request hangs. It also skips the Express instrumentation's layer
//    wrapper where Faultline can do without it (see unwrappedHandler), and starts top-level route
//    handlers' spans itself (express-spans.ts).
// 2. Layer#handle_error (#handleError in Express 5) hands the error to the app's own error middleware
//    and records it when the response is done, with the status the client got, so errors the app
//    answers itself (even with a 5xx) are still recorded, once.
// 3. application.handle gives req/res the properties Express adds later (express-shapes.ts) and gets
//    Faultline's final handler when the app is not mounted in another one:
//    problem+json for an unhandled error, a problem 404 when no route matched. The app's own error and
//    404 handlers run before it, so their responses win. FAULTLINE_ERROR_RESPONSES=framework, or a
//    response that is not node:http's, keeps Express's own final handler (express-framework-final.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureFailure, captureWhenAnswered } from '../capture/capture';
import { warnOnce } from '../diag';
import { sendNotFound, sendProblem } from '../http/respond';
import { isUnsampledRequest } from '../sampling/sampling-gate';
import { expressFinalHandler, rememberExpressFinalHandler } from './express-framework-final';
import { runInRouteSpan, setRequestRoute } from './express-spans';
import { isThenable } from './is-thenable';
import { writesProblemResponses } from './final-responses';
import { seedExpressShapes } from './express-shapes';
import type { ExpressAppLike } from './express-shapes';

type Next = (error?: unknown) => void;
type Handler = (...args: unknown[]) => unknown;
interface LayerLike { handle: Handler }
type LayerProto = Record<string, unknown>;
interface ExpressLike {
  application?: { handle?: Handler };
  Router?: (...args: unknown[]) => { use(fn: Handler): unknown; stack?: LayerLike[] };
}

const kPatched = Symbol.for('faultline.express-patched');

function forwardRejection(result: unknown, next: Next): void {
  if (isThenable(result)) {
    result.then(undefined, (error: unknown) => next(error ?? new Error('Rejected promise')));
  }
}

type Wrapped = Handler & { __wrapped?: boolean; __original?: Handler; stack?: unknown };
type Layer = LayerLike & { route?: { path?: unknown } };

let skipMiddlewareWrappers = true;
// Off by default: a second span per request costs about 20 µs of CPU on Node 24, and the server span
// already carries the route and the failure.
let routeSpans = false;

/**
 * Per-middleware spans on (FAULTLINE_EXPRESS_LAYER_SPANS=all) or off, and route handler spans on
 * (`handlers`, `all`) or off (`none`, the default).
 */
export function configureExpressCapture(settings: { readonly middlewareSpans: boolean; readonly routeSpans: boolean }): void {
  skipMiddlewareWrappers = !settings.middlewareSpans;
  routeSpans = settings.routeSpans;
}

/**
 * The handler under the Express instrumentation's layer wrapper (shimmer's `patched`) where Faultline can
 * do without that wrapper: top-level route layers with a string path (Faultline starts their span itself,
 * see express-spans.ts), top-level middleware when middleware spans are off, and every top-level
 * layer of a request the sampling gate left unsampled. Router and sub-app mounts, anything below one, and
 * routes with another kind of pattern keep it: it builds those routes (`/users/:id/orders`) from the
 * layers it saw. Undefined where the wrapper stays (or there is none).
 */
function unwrappedHandler(layer: Layer, req: IncomingMessage & { baseUrl?: string }): Handler | undefined {
  const original = instrumentedHandler(layer.handle as Wrapped);
  if (original === undefined) return undefined;
  if (layer.route !== undefined) {
    if (typeof layer.route.path !== 'string') return undefined;
  } else if (!skipMiddlewareWrappers && !isUnsampledRequest(req)) {
    return undefined;
  }
  return (req.baseUrl ?? '') === '' ? original : undefined;
}

// Per layer handler, whether it is the instrumentation's wrapper around a plain handler (not a router or
// sub-app): the same answer on every request, and reading a function's name is not free.
const instrumented = new WeakMap<Handler, Handler | null>();

function instrumentedHandler(fn: Wrapped): Handler | undefined {
  let original = instrumented.get(fn);
  if (original === undefined) {
    const inner = fn.__original;
    const plain = fn.__wrapped === true && fn.name === 'patched' && typeof inner === 'function'
      && !Array.isArray((inner as Wrapped).stack) && inner.name !== 'mounted_app';
    original = plain ? inner : null;
    instrumented.set(fn, original);
  }
  return original ?? undefined;
}

function invokeLayer(fn: Handler, req: IncomingMessage, res: unknown, next: Next): void {
  try {
    forwardRejection(fn(req, res, next), next);
  } catch (error) {
    next(error);
  }
}

function patchExpress4Layer(proto: LayerProto): void {
  proto.handle_request = function handle(this: Layer, req: IncomingMessage, res: ServerResponse, next: Next): void {
    if (this.handle.length > 3) return next();
    const original = unwrappedHandler(this, req);
    if (original === undefined) return invokeLayer(this.handle, req, res, next);
    const route = this.route?.path as string | undefined;
    if (route === undefined) return invokeLayer(original, req, res, next);
    setRequestRoute(route);
    if (!routeSpans || isUnsampledRequest(req)) return invokeLayer(original, req, res, next);
    runInRouteSpan(route, (passOn) => invokeLayer(original, req, res, passOn), req, res, next);
  };
  proto.handle_error = function handle_error(this: LayerLike, error: unknown, req: IncomingMessage, res: unknown, next: Next): void {
    const fn = this.handle;
    if (fn.length !== 4) return next(error);
    captureWhenAnswered(error, req, res, 'express');
    try {
      forwardRejection(fn(error, req, res, next), next);
    } catch (thrown) {
      next(thrown);
    }
  };
}

function patchExpress5Layer(proto: LayerProto): void {
  const original = proto.handleError as Handler;
  proto.handleError = function handleError(this: unknown, error: unknown, req: IncomingMessage, ...rest: unknown[]): unknown {
    if (typeof (this as LayerLike).handle === 'function' && (this as LayerLike).handle.length === 4) {
      captureWhenAnswered(error, req, rest[0], 'express');
    }
    return original.call(this, error, req, ...rest);
  };
}

/** Layer is not exported by either major; a throwaway router's first layer leads to its prototype. */
function layerPrototype(express: ExpressLike): LayerProto | undefined {
  const router = express.Router?.();
  router?.use(function faultlineProbe(_req: unknown, _res: unknown, next: unknown) {
    (next as Next)();
  });
  const layer = router?.stack?.[0];
  return layer === undefined ? undefined : (Object.getPrototypeOf(layer) as LayerProto);
}

function finalHandler(req: IncomingMessage, res: ServerResponse): Next {
  return (error?: unknown) => {
    if (error === undefined || error === null) {
      sendNotFound(req, res);
      return;
    }
    captureFailure(error, req, 'express');
    sendProblem(req, res, error);
  };
}

function isWritableResponse(res: unknown): res is ServerResponse {
  const candidate = res as Partial<ServerResponse> | null;
  const ok = typeof candidate?.setHeader === 'function' && typeof candidate.removeHeader === 'function' && typeof candidate.end === 'function';
  if (!ok) warnOnce('express-final-handler-shape', 'Express\'s own final handler kept: the response has no setHeader/removeHeader/end');
  return ok;
}

/**
 * Faultline's final handler for a response it can write (problem responses), else the one Express
 * would build, recorded (FAULTLINE_ERROR_RESPONSES=framework, or a response of another shape).
 */
function finalHandlerFor(express: object, app: unknown, req: IncomingMessage, res: ServerResponse): Next | undefined {
  if (writesProblemResponses() && isWritableResponse(res)) return finalHandler(req, res);
  return expressFinalHandler(express, app as object, req, res);
}

export function patchExpress(express: ExpressLike): void {
  const application = express.application;
  if (application === undefined || typeof application.handle !== 'function') return;
  if ((application as Record<symbol, unknown>)[kPatched] === true) return;
  (application as Record<symbol, unknown>)[kPatched] = true;

  const handle = application.handle;
  rememberExpressFinalHandler(express);
  application.handle = function faultlineHandle(this: unknown, req: IncomingMessage, res: ServerResponse, callback?: Next): unknown {
    seedExpressShapes(this as ExpressAppLike, req, res);
    return handle.call(this, req, res, callback ?? finalHandlerFor(express, this, req, res));
  } as Handler;

  const proto = layerPrototype(express);
  if (proto === undefined || proto[kPatched as unknown as string] === true) return;
  proto[kPatched as unknown as string] = true;
  if (typeof proto.handle_request === 'function') patchExpress4Layer(proto);
  else if (typeof proto.handleError === 'function') patchExpress5Layer(proto);
}
