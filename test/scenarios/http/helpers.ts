// Shared by the framework scenario tests: bounded requests and the questions every framework answers
// the same way (which server span, which Faultline records, which problem body).
import { parseRequestId } from '@faultline/core';
import type { ExportedSpan, OtlpReceiver } from '../../support';
import { waitFor } from '../../support';

/** A hang fails the test instead of stalling it: every request is bounded (this bounds, it does not time). */
export const REQUEST_TIMEOUT_MS = 2000;

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly requestId: string | null;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** Bounded by REQUEST_TIMEOUT_MS unless `init.signal` bounds it otherwise. */
export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    requestId: response.headers.get('x-request-id'),
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** The exported HTTP server span of the request that got `requestId`. */
export async function serverSpanOf(receiver: OtlpReceiver, requestId: string): Promise<ExportedSpan> {
  const traceId = parseRequestId(requestId);
  return waitFor(() => receiver.spans.find((span) => span.kind === 2 && span.traceId === traceId), { timeoutMs: 10_000 });
}

export function spansOfTrace(receiver: OtlpReceiver, traceId: string): ExportedSpan[] {
  return receiver.spans.filter((span) => span.traceId === traceId);
}

/** Exception events Faultline recorded in a trace (core's recordError marks them with a fingerprint). */
export function faultlineExceptions(receiver: OtlpReceiver, traceId: string): number {
  return spansOfTrace(receiver, traceId)
    .flatMap((span) => span.events)
    .filter((event) => event.name === 'exception' && event.attributes['faultline.fingerprint'] !== undefined).length;
}

/** Every exception event in a trace (Faultline's or any instrumentation's), with the span it is on. */
export function exceptionEvents(receiver: OtlpReceiver, traceId: string): { span: ExportedSpan; event: ExportedSpan['events'][number] }[] {
  return spansOfTrace(receiver, traceId).flatMap((span) => span.events.filter((event) => event.name === 'exception').map((event) => ({ span, event })));
}

/** Failure log records (logFailure) that carry this request ID. */
export function failureLogs(receiver: OtlpReceiver, requestId: string): number {
  return receiver.logs.filter((log) => log.attributes['faultline.source'] !== undefined && JSON.stringify(log).includes(requestId)).length;
}
