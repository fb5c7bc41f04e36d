// Starts a span whose start attributes Faultline computed itself (strings, numbers, string arrays, no
// undefined): @opentelemetry/sdk-trace's Tracer.startSpan validates start attributes twice (once for the
// sampler, once for the span: a copy and a WeakSet per attribute each time), which is most of what
// starting a server span costs. This takes the same steps as that method with the attributes as given:
// the same sampler call, ids, tracer metrics, span class and span processors' onStart (which see the
// attributes, as before; the sampler gets its own copy, as from the SDK). Only a tracer of the SDK copy
// Faultline depends on (pinned), whose startSpan nobody replaced, starts this way, and only with that copy's
// span class; whatever else — another copy or version of the SDK, a wrapped tracer, attribute limits it
// would have to apply, links, a suppressed context, anything that throws — goes through tracer.startSpan.
import { SamplingDecision, TraceFlags, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, SpanContext, SpanKind, Tracer } from '@opentelemetry/api';
import { cleanAttributes, isTracingSuppressed } from '@opentelemetry/core';
import { AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Sampler, SpanLimits, SpanProcessor } from '@opentelemetry/sdk-trace';

/** The fields of sdk-trace 3's Tracer this reads (private there: checked before use). */
interface SdkTracer {
  readonly _sampler: Sampler;
  /** Resolved by the provider: every limit set. */
  readonly _spanLimits: SpanLimits & { readonly attributeCountLimit: number; readonly attributeValueLengthLimit: number };
  readonly _idGenerator: { generateTraceId(): string; generateSpanId(): string };
  readonly _resource: unknown;
  readonly _spanProcessor: SpanProcessor;
  readonly _tracerMetrics: { startSpan(parent: SpanContext | undefined, decision: SamplingDecision): () => void };
  readonly instrumentationScope: unknown;
}

export type SpanClass = new (options: Record<string, unknown>) => Span;

/** What a direct start needs, for the one tracer it was found on. */
interface Direct {
  readonly tracer: Tracer;
  readonly sdk: SdkTracer | undefined;
  spanClass: SpanClass | undefined;
}

let direct: Direct | undefined;
/** Off for the process once a direct start threw: the SDK's own path from then on. */
let disabled = false;

/** The Tracer prototype, its startSpan and span class of the sdk-trace copy Faultline depends on. */
interface Pinned { readonly tracerPrototype: object; readonly startSpan: unknown; readonly spanClass: SpanClass }

/** Found when this module loads (before the app can wrap the prototype's startSpan); undefined if that failed. */
const pinned: Pinned | undefined = (() => {
  try {
    const tracer = new TracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('faultline-direct-span-start');
    const probe = tracer.startSpan('probe');
    probe.end();
    const tracerPrototype = Object.getPrototypeOf(tracer) as { startSpan?: unknown };
    return { tracerPrototype, startSpan: tracerPrototype.startSpan, spanClass: probe.constructor as SpanClass };
  } catch {
    return undefined;
  }
})();

/** The span class of the sdk-trace copy Faultline depends on (undefined if it could not be found). */
export function pinnedSpanClass(): SpanClass | undefined {
  return pinned?.spanClass;
}

function sdkTracerOf(tracer: Tracer): SdkTracer | undefined {
  // A ProxyTracer (the global API's) delegates to the SDK's tracer once a provider is registered.
  const candidate = (tracer as { _getTracer?: () => unknown })._getTracer?.() ?? tracer;
  if (pinned === undefined || typeof candidate !== 'object' || candidate === null || Object.getPrototypeOf(candidate) !== pinned.tracerPrototype) return undefined;
  const sdk = candidate as Partial<SdkTracer>;
  const recognised = typeof sdk._sampler?.shouldSample === 'function' && typeof sdk._idGenerator?.generateSpanId === 'function'
    && typeof sdk._spanProcessor?.onStart === 'function' && typeof sdk._tracerMetrics?.startSpan === 'function'
    && typeof sdk._spanLimits?.attributeCountLimit === 'number' && typeof sdk._spanLimits.attributeValueLengthLimit === 'number';
  return recognised ? (sdk as SdkTracer) : undefined;
}

function directFor(tracer: Tracer): Direct {
  if (direct?.tracer !== tracer || (direct.sdk === undefined && (tracer as { _delegate?: unknown })._delegate === undefined)) {
    direct = { tracer, sdk: sdkTracerOf(tracer), spanClass: undefined };
  }
  return direct;
}

/** The attributes fit the tracer's limits as they are (nothing to drop or cut). */
function withinLimits(limits: SdkTracer['_spanLimits'], attributes: Attributes): boolean {
  return limits.attributeValueLengthLimit === Infinity && Object.keys(attributes).length <= limits.attributeCountLimit;
}

/** Whether spans of `tracer` start directly (the SDK's internals recognised, its span class known). */
export function startsDirectly(tracer: Tracer): boolean {
  const found = directFor(tracer);
  return !disabled && found.sdk !== undefined && found.spanClass !== undefined && unwrapped(found.sdk);
}

/** Nobody replaced startSpan, on the tracer or its prototype: the direct start would skip their wrapper. */
function unwrapped(sdk: SdkTracer): boolean {
  return (sdk as { startSpan?: unknown }).startSpan === pinned?.startSpan;
}

/**
 * `tracer.startSpan(name, { kind, attributes, startTime }, parent)` for `attributes` that are valid and
 * defined already. The first span goes through startSpan (which tells the span class to use).
 */
export function startSpanDirectly(tracer: Tracer, name: string, kind: SpanKind, attributes: Attributes, parent: Context, startTime?: number): Span {
  const found = disabled ? undefined : directFor(tracer);
  const sdk = found?.sdk;
  if (found === undefined || sdk === undefined || found.spanClass === undefined || !unwrapped(sdk) || isTracingSuppressed(parent) || !withinLimits(sdk._spanLimits, attributes)) {
    const span = tracer.startSpan(name, { kind, attributes, startTime }, parent);
    if (sdk !== undefined && found !== undefined && found.spanClass === undefined && span.constructor === pinned?.spanClass) found.spanClass = pinned.spanClass;
    return span;
  }
  const progress = { sampling: false };
  try {
    return startDirect(found.spanClass, sdk, name, kind, attributes, parent, progress, startTime);
  } catch (error) {
    // From the sampler or a span processor: the SDK's startSpan would have thrown it too.
    if (progress.sampling) throw error;
    disabled = true; // internals not as expected, before anything was started: the SDK's own path for good
    return tracer.startSpan(name, { kind, attributes, startTime }, parent);
  }
}

/** Copies of the attributes differ (a sampler wrote to the copy it was given). */
function changed(copy: Attributes, attributes: Attributes): boolean {
  let count = 0;
  for (const key in copy) {
    if (copy[key] !== attributes[key]) return true;
    count++;
  }
  return count !== Object.keys(attributes).length;
}

function startDirect(spanClass: SpanClass, sdk: SdkTracer, name: string, kind: SpanKind, attributes: Attributes, parent: Context, progress: { sampling: boolean }, startTime?: number): Span {
  const parentSpanContext = trace.getSpanContext(parent);
  const spanId = sdk._idGenerator.generateSpanId();
  const validParent = parentSpanContext !== undefined && trace.isSpanContextValid(parentSpanContext) ? parentSpanContext : undefined;
  const traceId = validParent?.traceId ?? sdk._idGenerator.generateTraceId();
  const links: never[] = [];
  // The sampler gets its own copy, as from the SDK: what it keeps or writes never reaches the span unchecked.
  const sampled = { ...attributes };
  progress.sampling = true;
  const result = sdk._sampler.shouldSample(parent, traceId, name, kind, sampled, links);
  const recordEndMetrics = sdk._tracerMetrics.startSpan(parentSpanContext, result.decision);
  const spanContext: SpanContext = {
    traceId,
    spanId,
    traceFlags: result.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
    traceState: result.traceState ?? validParent?.traceState,
  };
  if (result.decision === SamplingDecision.NOT_RECORD) return trace.wrapSpanContext(spanContext);
  // A sampler's own attributes are someone else's: validated as the SDK does.
  let spanAttributes = attributes;
  let dropped = 0;
  if ((result.attributes !== undefined && Object.keys(result.attributes).length > 0) || changed(sampled, attributes)) {
    const cleaned = cleanAttributes(Object.assign(sampled, result.attributes), sdk._spanLimits);
    spanAttributes = cleaned.attributes ?? {};
    dropped = cleaned.droppedAttributesCount ?? 0;
  }
  return new spanClass({
    resource: sdk._resource,
    scope: sdk.instrumentationScope,
    context: parent,
    spanContext,
    name,
    kind,
    links,
    parentSpanContext: validParent,
    attributes: spanAttributes,
    droppedAttributesCount: dropped,
    startTime,
    spanProcessor: sdk._spanProcessor,
    spanLimits: sdk._spanLimits,
    recordEndMetrics,
  });
}
