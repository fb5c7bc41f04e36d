// Whether an incoming W3C traceparent is trusted. An edge service facing the open internet should not
// let callers choose its trace IDs (and so its request IDs) or sampling: with trust off, the server span
// starts a new trace and keeps the caller's span context as a link, so the two traces can still be joined.
import type { IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, defaultTextMapGetter, trace } from '@opentelemetry/api';
import type { Link } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const propagator = new W3CTraceContextPropagator();

/** A link to the span context an untrusted caller sent, if it sent a valid one. */
export function untrustedParentLink(req: IncomingMessage): Link | undefined {
  if (req.headers.traceparent === undefined) return undefined;
  const remote = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter));
  return remote === undefined ? undefined : { context: remote, attributes: { 'faultline.link': 'untrusted_parent' } };
}
