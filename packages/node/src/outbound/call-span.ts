// The INTERNAL span around one remoteService call: parent of each attempt's client span, holder of the
// retry and breaker events, and at the end the outcome, the attempts made, the remote's status, code and
// request ID, and the failure recorded as every other failure is (redacted, fingerprinted).
import { SpanKind, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { recordErrorWith } from '@faultline/core';
import { DIRECT_SPAN_WRITES } from '../capture/direct-span-writes';
import { captureSettings } from '../capture/capture';
import { packageVersion } from '../package-version';
import { eventCount, markEventsPrescrubbed } from '../capture/prescrubbed';
import {
  ATTR_OUTBOUND_ATTEMPTS,
  ATTR_OUTBOUND_FAILURE,
  ATTR_OUTBOUND_OUTCOME,
  ATTR_OUTBOUND_SERVICE,
  ATTR_REMOTE_CODE,
  ATTR_REMOTE_REQUEST_ID,
  ATTR_REMOTE_STATUS,
} from './outbound-attributes';
import { failureFacts } from './outbound-failure';

const tracer = trace.getTracer('@faultline/node', packageVersion);

export function startCallSpan(service: string): Span {
  return tracer.startSpan(`outbound ${service}`, { kind: SpanKind.INTERNAL, attributes: { [ATTR_OUTBOUND_SERVICE]: service } });
}

export function endCallSpan(span: Span, attempts: number, error?: unknown): void {
  try {
    span.setAttribute(ATTR_OUTBOUND_ATTEMPTS, attempts);
    if (error === undefined) {
      span.setAttribute(ATTR_OUTBOUND_OUTCOME, 'ok');
      return;
    }
    const facts = failureFacts(error);
    if (facts !== undefined) {
      span.setAttribute(ATTR_OUTBOUND_OUTCOME, facts.outcome);
      if (facts.failure !== undefined) span.setAttribute(ATTR_OUTBOUND_FAILURE, facts.failure);
      const answer = facts.answer;
      if (answer !== undefined) {
        span.setAttribute(ATTR_REMOTE_STATUS, answer.status);
        if (answer.code !== undefined) span.setAttribute(ATTR_REMOTE_CODE, answer.code);
        if (answer.requestId !== undefined) span.setAttribute(ATTR_REMOTE_REQUEST_ID, answer.requestId);
      }
    }
    const { redactor, rules } = captureSettings();
    const before = eventCount(span);
    recordErrorWith(span, error, { redactor, rules }, DIRECT_SPAN_WRITES);
    if (redactor !== undefined) markEventsPrescrubbed(span, before);
  } finally {
    span.end();
  }
}
