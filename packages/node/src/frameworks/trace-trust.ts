// Whether an incoming W3C traceparent is trusted. An edge service facing the open internet should not
// let callers choose its trace IDs (and so its request IDs) or sampling: with trust off, the headers are
// set aside before OpenTelemetry reads them, the server span starts a new trace, and the caller's span
// context is kept as a link so the two traces can still be joined.
import type { IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, defaultTextMapGetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const kUntrusted = Symbol.for('faultline.untrusted-parent');
type WithParent = IncomingMessage & { [kUntrusted]?: Record<string, string> };

const propagator = new W3CTraceContextPropagator();
const PARENT_HEADERS = ['traceparent', 'tracestate', 'baggage'] as const;

/** `http.server.request.start` subscriber: runs before the server span exists. */
export function stripUntrustedParent(message: unknown): void {
  const req = (message as { request?: IncomingMessage }).request;
  if (req === undefined || req.headers.traceparent === undefined) return;
  const carrier: Record<string, string> = {};
  for (const name of PARENT_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') carrier[name] = value;
    delete req.headers[name];
  }
  (req as WithParent)[kUntrusted] = carrier;
}

/** Inside the new server span: link the caller's span context, if it sent a valid one. */
export function linkUntrustedParent(req: IncomingMessage): void {
  const carrier = (req as WithParent)[kUntrusted];
  if (carrier === undefined) return;
  const remote = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
  const span = trace.getActiveSpan();
  if (remote !== undefined && span !== undefined) {
    span.addLink({ context: remote, attributes: { 'faultline.link': 'untrusted_parent' } });
  }
}
