// Errors survive sampling, part 1: a sampler wrapper that turns the inner sampler's "drop" into
// "record but do not sample". The span then records its exception events and status like any other,
// while its trace flags still say "not sampled" (so nothing is exported by default and downstream
// services see the original decision). ErrorKeepingSpanProcessor decides what to export.
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';

const RECORD_ONLY: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD });

export class ErrorKeepingSampler implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    const result = this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    return result.decision === SamplingDecision.NOT_RECORD ? RECORD_ONLY : result;
  }

  toString(): string {
    return `ErrorKeepingSampler{${this.inner.toString()}}`;
  }
}
