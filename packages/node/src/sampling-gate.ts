// Errors survive sampling, at less than the cost of plain OpenTelemetry: when the trace sampler keeps a
// ratio < 1 of traces, an incoming request's sampling decision is made here, before instrumentation-http
// computes a single attribute. A sampled request takes the instrumented path as before, its server span
// given the trace ID the decision was made on (the SDK's ratio sampler is deterministic on it, so it agrees
// instead of sampling a second time). An unsampled request skips instrumentation-http (shimmer keeps the
// unpatched `emit` as `__original`) and runs in a context holding a non-recording span with its own trace
// ID (X-Request-ID, getRequestId() and log correlation still work) and a marker that keeps every span
// under it from recording. If it fails, capture asks forcedServerSpan() for a sampled server span with
// that same trace and span ID: the failure is exported with its exception event and the request ID
// resolves to it. Patch, not hook: instrumentation-http's ignoreIncomingRequestHook would suppress the
// request's context (no trace ID for it) and it binds req/res first, so the gate sits in front of it.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind, TraceFlags, context, createContextKey, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import type { Context, HrTime, Span } from '@opentelemetry/api';
import { RPCType, getRPCMetadata, hrTime, setRPCMetadata } from '@opentelemetry/core';
import { RandomIdGenerator, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import type { IdGenerator, Sampler } from '@opentelemetry/sdk-trace-base';
import type { FaultlineConfig } from './config';

/** Set on an unsampled request's context: spans under it do not record (see ErrorKeepingSampler). */
export const UNSAMPLED_REQUEST = createContextKey('faultline.unsampled-request');
/** Set on the context of the span forcedServerSpan() starts: the sampler samples it. */
export const FORCE_SAMPLE = createContextKey('faultline.force-sample');

const TRACER_NAME = '@faultline/node';
const kUnsampled = Symbol('faultline.unsampled-request');
const kGated = Symbol('faultline.gated-server');

interface UnsampledRequest {
  readonly traceId: string;
  readonly spanId: string;
  readonly parent: Context;
  readonly startTime: HrTime;
  readonly rpc: { route?: string };
  readonly res: ServerResponse;
  span?: Span;
}
type WithUnsampled = IncomingMessage & { [kUnsampled]?: UnsampledRequest };
type Emit = ((this: Server, event: string | symbol, ...args: unknown[]) => boolean) & { __original?: Emit };

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

/** The server's instrumented emit: the nearest prototype's own `emit`. */
function prototypeEmit(server: Server): Emit {
  let proto: unknown = Object.getPrototypeOf(server);
  while (proto !== null && !Object.prototype.hasOwnProperty.call(proto, 'emit')) proto = Object.getPrototypeOf(proto);
  return (proto as { emit: Emit }).emit;
}

function runUnsampled(server: Server, original: Emit, req: IncomingMessage, res: ServerResponse, parent: Context, traceId: string, ids: GateIdGenerator): boolean {
  const spanId = ids.generateSpanId();
  const span = trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.NONE });
  const rpc: { type: RPCType.HTTP; span: Span; route?: string } = { type: RPCType.HTTP, span };
  (req as WithUnsampled)[kUnsampled] = { traceId, spanId, parent, startTime: hrTime(), rpc, res };
  const ctx = setRPCMetadata(trace.setSpan(parent, span).setValue(UNSAMPLED_REQUEST, true), rpc);
  return context.with(ctx, () => {
    // As instrumentation-http does: listeners added to req/res later run in the request's context.
    context.bind(ctx, req);
    context.bind(ctx, res);
    return original.call(server, 'request', req, res);
  });
}

function gatedEmit(this: Server, event: string | symbol, ...args: unknown[]): boolean {
  const instrumented = prototypeEmit(this);
  const original = instrumented.__original;
  const active = gate;
  if (event !== 'request' || active === undefined || typeof original !== 'function') return instrumented.call(this, event, ...args);
  const [req, res] = args as [IncomingMessage, ServerResponse];
  let parent: Context;
  let traceId: string;
  let sampled: boolean;
  let root: boolean;
  try {
    parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const remote = trace.getSpanContext(parent);
    root = remote === undefined || !isSpanContextValid(remote);
    traceId = root ? active.ids.generateTraceId() : (remote as { traceId: string }).traceId;
    sampled = active.sampler.shouldSample(parent, traceId, req.method ?? 'GET', SpanKind.SERVER, {}, []).decision !== SamplingDecision.NOT_RECORD;
  } catch {
    return instrumented.call(this, event, ...args);
  }
  if (!sampled) return runUnsampled(this, original, req, res, parent, traceId, active.ids);
  // The server span gets the trace ID decided on; a child of a remote parent keeps the parent's.
  if (root) active.ids.nextTraceId = traceId;
  try {
    return instrumented.call(this, event, ...args);
  } finally {
    active.ids.nextTraceId = undefined;
  }
}

/** True for a request the gate left unsampled (its spans do not record). */
export function isUnsampledRequest(req: unknown): boolean {
  return (req as WithUnsampled | undefined)?.[kUnsampled] !== undefined;
}

/** The route an unsampled request matched, for its forced server span (set where no instrumentation ran). */
export function setUnsampledRoute(req: unknown, route: string): void {
  const info = (req as WithUnsampled | undefined)?.[kUnsampled];
  if (info !== undefined) info.rpc.route = route;
}

/** The context a failure's own span starts in: sampled when the gate left the request unsampled. */
export function failureSpanContext(ctx: Context = context.active()): Context {
  return ctx.getValue(UNSAMPLED_REQUEST) === true ? ctx.setValue(FORCE_SAMPLE, true) : ctx;
}

/** Puts the gate in front of this server's instrumented emit (once; only while the gate is on). */
export function gateServer(server: Server): void {
  if (gate === undefined || (server as Server & { [kGated]?: boolean })[kGated] === true) return;
  if (Object.prototype.hasOwnProperty.call(server, 'emit')) return; // someone else's instance patch: leave it
  Object.defineProperty(server, kGated, { value: true });
  Object.defineProperty(server, 'emit', { value: gatedEmit, writable: true, configurable: true });
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
  const method = req.method ?? 'GET';
  const ids = gate.ids;
  ids.nextTraceId = info.traceId;
  ids.nextSpanId = info.spanId;
  let span: Span;
  try {
    span = trace.getTracer(TRACER_NAME).startSpan(method, {
      kind: SpanKind.SERVER,
      startTime: info.startTime,
      attributes: {
        'http.request.method': method,
        'url.path': (req.url ?? '/').split('?', 1)[0] as string,
        'url.scheme': (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http',
      },
    }, info.parent.setValue(FORCE_SAMPLE, true));
  } finally {
    ids.nextTraceId = undefined;
    ids.nextSpanId = undefined;
  }
  info.span = span;
  const end = () => {
    const route = info.rpc.route ?? getRPCMetadata(info.parent)?.route;
    if (route !== undefined) {
      span.setAttribute('http.route', route);
      span.updateName(`${method} ${route}`);
    }
    span.setAttribute('http.response.status_code', info.res.statusCode);
    span.end();
  };
  if (info.res.closed) end();
  else info.res.once('close', end);
  return span;
}
