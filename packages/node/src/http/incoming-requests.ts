// Every incoming request runs inside its HTTP server span: Faultline starts it itself, in front of the
// server's 'request' listeners, instead of @opentelemetry/instrumentation-http (which is loaded with
// its incoming half off and still traces outgoing calls). Same span, attributes and context as it
// builds — parent from the propagated headers, RPC metadata for the frameworks to name the route,
// req/res bound so later listeners run in the request's context — for less per request (no URL object,
// one attribute set, listeners wrapped once), and the sampling gate decides before the span exists.
// See server-span.ts for the attributes.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import type { Context, Link } from '@opentelemetry/api';
import { RPCType, setRPCMetadata } from '@opentelemetry/core';
import type { RPCMetadata } from '@opentelemetry/core';
import { reportInternalFailure } from '../capture/capture';
import { installEmitterContext, setEmitterContext } from './emitter-context';
import { untrustedParentLink } from './trace-trust';
import { gateRequest } from '../sampling/sampling-gate';
import { endOnClose, startServerSpan } from './server-span';
import { CLOSURE_FREE_ROOT_CONTEXT } from './closure-free-context';

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;

const kTraced = Symbol('faultline.traced-server');

let trustTraceparent = true;
let enabled = false;

/** Server spans on (http instrumented) and whether an incoming `traceparent` is trusted. */
export function configureIncomingRequests(settings: { readonly enabled: boolean; readonly trustTraceparent: boolean }): void {
  enabled = settings.enabled;
  if (enabled) installEmitterContext();
  trustTraceparent = settings.trustTraceparent;
}

/** The server's own emit: the nearest prototype's (Node's, or whatever patched the prototype). */
function prototypeEmit(server: Server): Emit {
  let proto: unknown = Object.getPrototypeOf(server);
  while (proto !== null && !Object.prototype.hasOwnProperty.call(proto, 'emit')) proto = Object.getPrototypeOf(proto);
  return (proto as { emit: Emit }).emit;
}

/**
 * The context the request's span starts under: the caller's, or (FAULTLINE_TRUST_TRACEPARENT=false) a
 * fresh trace linking it. Also the parent of a WebSocket connection's span (frameworks/ws.ts).
 */
export function parentOf(req: IncomingMessage): { parent: Context; links?: Link[] } {
  if (trustTraceparent) return { parent: propagation.extract(CLOSURE_FREE_ROOT_CONTEXT, req.headers) };
  const link = untrustedParentLink(req);
  return link === undefined ? { parent: CLOSURE_FREE_ROOT_CONTEXT } : { parent: CLOSURE_FREE_ROOT_CONTEXT, links: [link] };
}

function requestContext(req: IncomingMessage, res: ServerResponse): Context {
  const { parent, links } = parentOf(req);
  return gateRequest(req, res, parent, () => {
    const startedAt = performance.now();
    const span = startServerSpan(req, parent, { links });
    const rpc: RPCMetadata = { type: RPCType.HTTP, span };
    endOnClose(span, req, res, () => rpc.route, startedAt);
    return setRPCMetadata(trace.setSpan(parent, span), rpc);
  });
}

function tracedEmit(this: Server, event: string | symbol, ...args: unknown[]): boolean {
  const emit = prototypeEmit(this);
  if (event !== 'request' || !enabled) return emit.call(this, event, ...args);
  const [req, res] = args as [IncomingMessage, ServerResponse];
  let ctx: Context;
  try {
    ctx = requestContext(req, res);
  } catch (error) {
    reportInternalFailure('starting a server span', error);
    return emit.call(this, event, ...args);
  }
  return context.with(ctx, () => {
    // Listeners on req/res (body parsers, on-finished) run in the request's context.
    setEmitterContext(req, ctx);
    setEmitterContext(res, ctx);
    return emit.call(this, event, ...args);
  });
}

/** Traces this server's requests (once; a server whose instance `emit` someone else replaced is left alone). */
export function traceServer(server: Server): void {
  if ((server as Server & { [kTraced]?: boolean })[kTraced] === true) return;
  if (Object.prototype.hasOwnProperty.call(server, 'emit')) return;
  Object.defineProperty(server, kTraced, { value: true });
  Object.defineProperty(server, 'emit', { value: tracedEmit, writable: true, configurable: true });
}
