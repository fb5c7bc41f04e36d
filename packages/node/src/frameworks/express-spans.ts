// Express layer spans and the failures on them.
// - Top-level routes with a string path (`app.get('/orders/:id', ...)`): Faultline starts the "request
//   handler" span itself, in place of @opentelemetry/instrumentation-express's wrapper there, with the same
//   name and attributes, for less (no route rebuilt from a per-request layer list, no bound copies of the
//   handler and of next). Routers, sub-apps, nested routes and other patterns keep the instrumentation.
// - On the instrumentation's spans, its recordException goes through Faultline's capture path instead: the
//   failure is recorded once, scrubbed, on the span where it happened, rather than raw there and again
//   by Faultline on the server span.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { captureWhenAnswered } from '../capture/capture';
import { warnOnce } from '../diag';

type Next = (error?: unknown) => void;

// A ProxyTracer until the SDK registers its provider, then it delegates: safe to keep from the first call.
let tracer: Tracer | undefined;

/** Express passes these to next() to skip ahead; anything else non-empty is an error. */
function isError(value: unknown): boolean {
  return value !== undefined && value !== null && value !== 'route' && value !== 'router';
}

/** The route on the request's RPC metadata, which names the server span when the response ends. */
export function setRequestRoute(route: string): void {
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP) rpc.route = route;
}

/**
 * Calls `invoke` (which runs the route's handlers with the `next` it is given) inside a "request handler"
 * span for `route`. The span ends when the handlers pass on (next) or the response closes; an error
 * passed on is recorded on it.
 */
export function runInRouteSpan(
  route: string,
  invoke: (next: Next) => void,
  req: IncomingMessage,
  res: ServerResponse,
  next: Next,
): void {
  // A response that is not an emitter (a router test's plain object, an adapter's own): no span, the
  // handlers run exactly as without Faultline.
  if (typeof (res as Partial<ServerResponse> | undefined)?.prependOnceListener !== 'function') {
    warnOnce('express-route-span-shape', 'a route span was skipped: the response is not an event emitter');
    invoke(next);
    return;
  }
  tracer ??= trace.getTracer('@faultline/node');
  const parent = context.active();
  const span: Span = tracer.startSpan(`request handler - ${route}`, {
    attributes: { 'http.route': route, 'express.name': route, 'express.type': 'request_handler' },
  }, parent);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    res.removeListener('close', end);
    span.end();
  };
  // Before the server span's own close listener: the handler span ends inside its parent.
  res.prependOnceListener('close', end);
  const passOn: Next = (error?: unknown) => {
    // A failure is recorded on this span with the status the client gets, whoever answers it (the app's
    // error middleware, or Faultline's final handler); the span's end waits for that, its time does not.
    if (!ended && isError(error)) captureWhenAnswered(error, req, res, 'express', span);
    end();
    // The layers after this one run beside the handler span, not inside it.
    context.with(parent, next, undefined, error);
  };
  context.with(trace.setSpan(parent, span), invoke, undefined, passOn);
}

/**
 * The instrumentation's `requestHook`: runs as each of its layer spans starts, with the request. The span's
 * recordException (called only when the layer throws or passes an error on) becomes Faultline's capture.
 * A value that is not an Error reaches it as `String(value)`; that one is left to the capture at the end
 * of the chain, which sees the value itself.
 */
export function captureOnLayerSpan(span: Span, info: { readonly request: IncomingMessage }): void {
  // One shared method finding the request on the span, not a closure over the span stored on it: such a
  // closure kept every request alive through V8's young-generation collections (capture/held-end.ts).
  (span as LayerSpan)[kLayerRequest] = info.request;
  span.recordException = recordOnLayerSpan;
}

const kLayerRequest = Symbol('faultline.layer-request');
type LayerSpan = Span & { [kLayerRequest]?: IncomingMessage };

function recordOnLayerSpan(this: LayerSpan | undefined, exception: unknown): void {
  const req = this?.[kLayerRequest];
  if (exception instanceof Error && req !== undefined) captureWhenAnswered(exception, req, (req as { res?: unknown }).res, 'express', this);
}
