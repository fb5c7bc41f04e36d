// Errors survive sampling, part 1: a sampler wrapper that turns the inner sampler's "drop" into
// "record but do not sample". The span then records its exception events and status like any other,
// while its trace flags still say "not sampled" (so nothing is exported by default and downstream
// services see the original decision). ErrorKeepingSpanProcessor decides what to export. Requests the
// sampling gate (sampling-gate.ts) already decided are not asked again.
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import { FORCE_SAMPLE, UNSAMPLED_REQUEST } from './sampling-gate';

const RECORD_ONLY: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD });
const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const NOT_RECORDED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

export class ErrorKeepingSampler implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    // The sampling gate decided this request already: its failure span is sampled, the rest not recorded.
    if (context.getValue(FORCE_SAMPLE) === true) return SAMPLED;
    if (context.getValue(UNSAMPLED_REQUEST) === true) return NOT_RECORDED;
    const result = this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    return result.decision === SamplingDecision.NOT_RECORD ? RECORD_ONLY : result;
  }

  toString(): string {
    return `ErrorKeepingSampler{${this.inner.toString()}}`;
  }
}
