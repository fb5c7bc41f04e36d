// Errors survive sampling, at less than the cost of plain OpenTelemetry: when the trace sampler keeps a
// ratio < 1 of traces, an incoming request's sampling decision is made here, before its server span
// exists. A sampled request gets its server span as usual, with the trace ID the decision was made on
// (the SDK's ratio sampler is deterministic on it, so it agrees instead of sampling a second time). An
// unsampled request gets no server span: it runs in a context holding a non-recording span with its own
// trace ID (X-Request-ID, getRequestId() and log correlation still work) and a marker that keeps every
// span under it from recording. If it fails, capture asks forcedServerSpan() for a sampled server span
// with that same trace and span ID: the failure is exported with its exception event and the request ID
// resolves to it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, TraceFlags, context, createContextKey, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { RPCType, getRPCMetadata, setRPCMetadata } from '@opentelemetry/core';
import { RandomIdGenerator, SamplingDecision } from '@opentelemetry/sdk-trace';
import type { IdGenerator, Sampler } from '@opentelemetry/sdk-trace';
import type { FaultlineConfig } from '../config';
import { endOnClose, startServerSpan } from '../http/server-span';

/** Set on an unsampled request's context: spans under it do not record (see ErrorKeepingSampler). */
export const UNSAMPLED_REQUEST = createContextKey('faultline.unsampled-request');
/** Set on the context of the span forcedServerSpan() starts: the sampler samples it. */
export const FORCE_SAMPLE = createContextKey('faultline.force-sample');

const kUnsampled = Symbol('faultline.unsampled-request');

interface UnsampledRequest {
  readonly traceId: string;
  readonly spanId: string;
  readonly parent: Context;
  /** performance.now() at the request's start: the forced span starts there. */
  readonly startedAt: number;
  readonly rpc: { route?: string };
  readonly res: ServerResponse;
  span?: Span;
}
type WithUnsampled = IncomingMessage & { [kUnsampled]?: UnsampledRequest };

/** Random IDs, except the one the gate asks for next (set and cleared around one synchronous startSpan). */
class GateIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  nextTraceId: string | undefined;
  nextSpanId: string | undefined;

  generateTraceId(): string {
    const id = this.nextTraceId ?? this.random.generateTraceId();
    this.nextTraceId = undefined;
    return id;
  }

  generateSpanId(): string {
    const id = this.nextSpanId ?? this.random.generateSpanId();
    this.nextSpanId = undefined;
    return id;
  }
}

let gate: { readonly sampler: Sampler; readonly ids: GateIdGenerator } | undefined;

/**
 * Turns the gate on when it can help (a ratio sampler below 1, errors kept, http instrumented) and returns
 * the ID generator the SDK must use; undefined (gate off, default path unchanged) otherwise.
 */
export function createSamplingGate(config: FaultlineConfig, sampler: Sampler): IdGenerator | undefined {
  const ratio = config.tracesSampler === 'traceidratio' || config.tracesSampler === 'parentbased_traceidratio';
  if (!config.keepErrorTraces || !ratio || config.tracesSamplerArg >= 1 || config.disabledInstrumentations.includes('http')) return undefined;
  gate = { sampler, ids: new GateIdGenerator() };
  return gate.ids;
}

/**
 * Starts a request's server span through `startSampled` when the gate samples it (or is off); for a
 * request the gate leaves unsampled, returns the context it runs in instead (no server span).
 */
export function gateRequest(req: IncomingMessage, res: ServerResponse, parent: Context, startSampled: () => Context): Context {
  const active = gate;
  if (active === undefined) return startSampled();
  let traceId: string;
  let root: boolean;
  try {
    const remote = trace.getSpanContext(parent);
    root = remote === undefined || !isSpanContextValid(remote);
    traceId = root ? active.ids.generateTraceId() : (remote as { traceId: string }).traceId;
    const decision = active.sampler.shouldSample(parent, traceId, req.method ?? 'GET', SpanKind.SERVER, {}, []).decision;
    if (decision === SamplingDecision.NOT_RECORD) return unsampledContext(req, res, parent, traceId, active.ids);
  } catch {
    return startSampled();
  }
  // The server span gets the trace ID decided on; a child of a remote parent keeps the parent's.
  if (root) active.ids.nextTraceId = traceId;
  try {
    return startSampled();
  } finally {
    active.ids.nextTraceId = undefined;
  }
}

function unsampledContext(req: IncomingMessage, res: ServerResponse, parent: Context, traceId: string, ids: GateIdGenerator): Context {
  const spanId = ids.generateSpanId();
  const span = trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.NONE });
  const rpc: { type: RPCType.HTTP; span: Span; route?: string } = { type: RPCType.HTTP, span };
  (req as WithUnsampled)[kUnsampled] = { traceId, spanId, parent, startedAt: performance.now(), rpc, res };
  return setRPCMetadata(trace.setSpan(parent, span).setValue(UNSAMPLED_REQUEST, true), rpc);
}

/** True for a request the gate left unsampled (its spans do not record). */
export function isUnsampledRequest(req: unknown): boolean {
  return (req as WithUnsampled | undefined)?.[kUnsampled] !== undefined;
}

/** The context a failure's own span starts in: sampled when the gate left the request unsampled. */
export function failureSpanContext(ctx: Context = context.active()): Context {
  return ctx.getValue(UNSAMPLED_REQUEST) === true ? ctx.setValue(FORCE_SAMPLE, true) : ctx;
}

/**
 * For a request the gate left unsampled: a sampled server span in the same trace, with the span ID the
 * request's context already carries (started at the request's start, ended when the response closes).
 * Undefined for any other request.
 */
export function forcedServerSpan(req: IncomingMessage | undefined): Span | undefined {
  const info = (req as WithUnsampled | undefined)?.[kUnsampled];
  if (info === undefined || gate === undefined || req === undefined) return undefined;
  if (info.span !== undefined) return info.span;
  const ids = gate.ids;
  ids.nextTraceId = info.traceId;
  ids.nextSpanId = info.spanId;
  let span: Span;
  try {
    span = startServerSpan(req, info.parent.setValue(FORCE_SAMPLE, true), { startedAt: info.startedAt });
  } finally {
    ids.nextTraceId = undefined;
    ids.nextSpanId = undefined;
  }
  info.span = span;
  endOnClose(span, req, info.res, () => info.rpc.route ?? getRPCMetadata(info.parent)?.route, info.startedAt);
  return span;
}
