// BullMQ's telemetry interface (its `telemetry` option) over @opentelemetry/api: the trace context goes
// into the job as propagation headers (JSON), and comes out of it in the worker. Written here rather than
// taken from bullmq-otel, BullMQ's own adapter, because that package's peer dependency on bullmq >= 6
// installs BullMQ (+9 MB) into every app that installs Faultline and conflicts with BullMQ 5 apps.
// Two differences from that adapter: BullMQ's INTERNAL spans (every poll for the next job, every
// stalled-job check) are not started, and recordException does nothing, because the capture path records
// the failure (redacted, with severity and fingerprint) on the same span.
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { Attributes, AttributeValue, Context, Span, SpanOptions, TimeInput } from '@opentelemetry/api';
import { CLOSURE_FREE_ROOT_CONTEXT } from '../http/closure-free-context';

interface BullmqSpan {
  setSpanOnContext(ctx: Context): Context;
  setAttribute(key: string, value: AttributeValue): void;
  setAttributes(attributes: Attributes): void;
  addEvent(name: string, attributes?: Attributes, time?: TimeInput): void;
  recordException(): void;
  end(): void;
}

/** A span bullmq may use like any other, that records nothing and leaves the context as it was. */
const NO_SPAN: BullmqSpan = {
  setSpanOnContext: (ctx) => ctx,
  setAttribute: () => undefined,
  setAttributes: () => undefined,
  addEvent: () => undefined,
  recordException: () => undefined,
  end: () => undefined,
};

function wrap(span: Span): BullmqSpan {
  return {
    setSpanOnContext: (ctx) => trace.setSpan(ctx, span),
    setAttribute: (key, value) => { span.setAttribute(key, value); },
    setAttributes: (attributes) => { span.setAttributes(attributes); },
    addEvent: (name, attributes, time) => { span.addEvent(name, attributes, time); },
    recordException: () => undefined,
    end: () => span.end(),
  };
}

export const bullmqTelemetry = {
  tracer: {
    startSpan(name: string, options?: SpanOptions, ctx?: Context): BullmqSpan {
      if (options?.kind === SpanKind.INTERNAL) return NO_SPAN;
      return wrap(trace.getTracer('@faultline/node/bullmq').startSpan(name, options, ctx));
    },
  },
  contextManager: {
    active: (): Context => context.active(),
    with: <T>(ctx: Context, fn: () => T): T => context.with(ctx, fn),
    /** Lets bullmq run its endless loops outside any job's trace. */
    root: (): Context => CLOSURE_FREE_ROOT_CONTEXT,
    getMetadata(ctx: Context): string {
      const carrier: Record<string, string> = {};
      propagation.inject(ctx, carrier);
      return JSON.stringify(carrier);
    },
    fromMetadata(active: Context, metadata: string): Context {
      try {
        return propagation.extract(active, JSON.parse(metadata) as Record<string, string>);
      } catch {
        // Metadata another producer wrote in a form we cannot read: the attempt starts its own trace.
        return active;
      }
    },
  },
};
