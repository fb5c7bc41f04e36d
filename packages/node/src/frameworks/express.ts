// Express 4 and 5. Express publishes no diagnostics channel or error hook, so three small patches, each
// applied once when `express` is loaded (CommonJS through require-in-the-middle, ESM through
// import-in-the-middle, both via @opentelemetry/instrumentation):
// 1. Express 4 only: Layer#handle_request / #handle_error also forward a returned promise's rejection
//    to next(err), as Express 5's router does — otherwise an async handler's throw is an
//    unhandledRejection and the request hangs. It also skips the Express instrumentation's layer
//    wrapper where that would start no span (see layerHandler).
// 2. Layer#handle_error (#handleError in Express 5) records the error before the app's own error
//    middleware sees it, so errors the app answers itself (even with a 5xx) are still recorded, once.
// 3. application.handle gets Faultline's final handler when the app is not mounted in another one:
//    problem+json for an unhandled error, a problem 404 when no route matched. The app's own error and
//    404 handlers run before it, so their responses win.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureFailure } from '../capture';
import { sendNotFound, sendProblem } from '../respond';
import { isUnsampledRequest, setUnsampledRoute } from '../sampling-gate';

type Next = (error?: unknown) => void;
type Handler = (...args: unknown[]) => unknown;
interface LayerLike { handle: Handler }
type LayerProto = Record<string, unknown>;
interface ExpressLike {
  application?: { handle?: Handler };
  Router?: (...args: unknown[]) => { use(fn: Handler): unknown; stack?: LayerLike[] };
}

const kPatched = Symbol.for('faultline.express-patched');

function isThenable(value: unknown): value is Promise<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as Promise<unknown>).then === 'function';
}

function forwardRejection(result: unknown, next: Next): void {
  if (isThenable(result)) {
    result.then(undefined, (error: unknown) => next(error ?? new Error('Rejected promise')));
  }
}

type Wrapped = Handler & { __wrapped?: boolean; __original?: Handler; stack?: unknown };

let skipMiddlewareWrappers = true;

/** Whether per-middleware spans are off (FAULTLINE_EXPRESS_LAYER_SPANS other than `all`). */
export function configureExpressCapture(settings: { readonly middlewareSpans: boolean }): void {
  skipMiddlewareWrappers = !settings.middlewareSpans;
}

/**
 * The handler to run for a layer: the Express instrumentation's layer wrapper (shimmer's `patched`) is
 * skipped where it would start no span — top-level middleware when middleware spans are off, and every
 * top-level layer of a request the sampling gate left unsampled. Router and sub-app mounts, anything below
 * one, and routes with a pattern other than a string keep it, because it builds those routes
 * (`/users/:id/orders`) from the layers it saw. A top-level route layer's string path is the route.
 */
function layerHandler(layer: LayerLike & { route?: { path?: unknown } }, req: IncomingMessage & { baseUrl?: string }): Handler {
  const fn = layer.handle as Wrapped;
  const unsampled = isUnsampledRequest(req);
  if (!unsampled && (!skipMiddlewareWrappers || layer.route !== undefined)) return fn;
  const original = fn.__original;
  if (fn.__wrapped !== true || fn.name !== 'patched' || typeof original !== 'function') return fn;
  if ((req.baseUrl ?? '') !== '' || Array.isArray((original as Wrapped).stack) || original.name === 'mounted_app') return fn;
  if (layer.route !== undefined) {
    if (typeof layer.route.path !== 'string') return fn;
    setUnsampledRoute(req, layer.route.path);
  }
  return original;
}

function patchExpress4Layer(proto: LayerProto): void {
  proto.handle_request = function handle(this: LayerLike, req: IncomingMessage, res: unknown, next: Next): void {
    const fn = layerHandler(this, req);
    if (fn.length > 3) return next();
    try {
      forwardRejection(fn(req, res, next), next);
    } catch (error) {
      next(error);
    }
  };
  proto.handle_error = function handle_error(this: LayerLike, error: unknown, req: IncomingMessage, res: unknown, next: Next): void {
    const fn = this.handle;
    if (fn.length !== 4) return next(error);
    captureFailure(error, req, 'express');
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
      captureFailure(error, req, 'express');
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

export function patchExpress(express: ExpressLike): void {
  const application = express.application;
  if (application === undefined || typeof application.handle !== 'function') return;
  if ((application as Record<symbol, unknown>)[kPatched] === true) return;
  (application as Record<symbol, unknown>)[kPatched] = true;

  const handle = application.handle;
  application.handle = function faultlineHandle(this: unknown, req: IncomingMessage, res: ServerResponse, callback?: Next): unknown {
    return handle.call(this, req, res, callback ?? finalHandler(req, res));
  } as Handler;

  const proto = layerPrototype(express);
  if (proto === undefined || proto[kPatched as unknown as string] === true) return;
  proto[kPatched as unknown as string] = true;
  if (typeof proto.handle_request === 'function') patchExpress4Layer(proto);
  else if (typeof proto.handleError === 'function') patchExpress5Layer(proto);
}
