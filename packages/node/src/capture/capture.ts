// The one capture path every framework adapter shares: record the failure on the span where it surfaced,
// mark the HTTP server span failed, log it once, and remember it so the request is never recorded twice.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, diag, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { Span, TimeInput } from '@opentelemetry/api';
import type { ErrorSummary, Mode, Redactor, Severity, SeverityRule } from '@faultline/core';
import { ATTR_FINGERPRINT, ATTR_SEVERITY, describeError, recordErrorWith, statusMessage } from '@faultline/core';
import { DIRECT_SPAN_WRITES, setOwnAttribute } from './direct-span-writes';
import { countFailure } from './failure-counter';
import { flushFailureLines, logFailure } from './failure-log';
import { holdEnd } from './held-end';
import { eventCount, markEventsPrescrubbed, markStatusPrescrubbed } from './prescrubbed';
import { queueCapture, setExitLineWriter } from './turn-queue';
import { requestStateOf, tagRequestSpan } from '../http/request-context';
import { forcedServerSpan } from '../sampling/sampling-gate';

export interface CaptureSettings {
  readonly mode: Mode;
  readonly redactor?: Redactor;
  readonly rules?: readonly SeverityRule[];
  /** Spans are exported (OTEL_TRACES_EXPORTER is not `none`): only then may a log record leave its stack to the span's event. */
  readonly spansExported?: boolean;
}

let settings: CaptureSettings = { mode: 'production' };
setExitLineWriter(() => flushFailureLines());

/** For work that is not a request (tasks, jobs, socket messages): its run ID, and a severity it decided. */
export interface CaptureExtra {
  readonly requestId?: string;
  readonly severity?: Severity;
  /** When it failed, if it is recorded later (the exception event's time). */
  readonly time?: TimeInput;
}

export function configureCapture(next: CaptureSettings): void {
  settings = next;
}

export function captureSettings(): CaptureSettings {
  return settings;
}

const reported = new Set<string>();

/** The SDK's own failures go to diag, once per kind, and never into the host. */
export function reportInternalFailure(what: string, error: unknown): void {
  if (reported.has(what)) return;
  reported.add(what);
  diag.warn(`faultline: ${what} failed; the request continues uninstrumented for this step`, error);
}

/** Sampled spans are the ones exported (a recording-only span is not). */
function isSampled(span: Span): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
}

function markServerSpan(span: Span, summary: ErrorSummary): void {
  setOwnAttribute(span, 'error.type', summary.type);
  setOwnAttribute(span, ATTR_SEVERITY, summary.severity);
  setOwnAttribute(span, ATTR_FINGERPRINT, summary.fingerprint);
  // Failed, like the span recordError marks; the message is the type only (the detail is on the event).
  span.setStatus({ code: SpanStatusCode.ERROR, message: summary.type });
}

/**
 * Records `error` for the request `req` (once per request, whatever path sees it first) and returns the
 * summary; `activeSpan` is where the failure surfaced (a framework's handler span, or the server span itself).
 */
export function captureFailure(
  error: unknown,
  req: IncomingMessage | undefined,
  source: string,
  activeSpan: Span | undefined = trace.getActiveSpan(),
  answeredStatus?: number,
  extra?: CaptureExtra,
): ErrorSummary | undefined {
  const state = requestStateOf(req);
  if (state?.failure !== undefined) return state.failure;
  // Recorded where it first surfaced, even when another path (a final handler) records it first.
  if (state?.pending !== undefined && state.pending.error === error) activeSpan = state.pending.span ?? activeSpan;
  try {
    let server = state?.serverSpan;
    let target = activeSpan?.isRecording() === true ? activeSpan : server;
    if (target?.isRecording() !== true) {
      // A request the sampling gate left unsampled: its failure gets a sampled server span of its own.
      const forced = forcedServerSpan(req);
      if (forced !== undefined && req !== undefined) {
        tagRequestSpan(forced, req, state?.requestId);
        server = forced;
        target = forced;
      }
    }
    const requestId = state?.requestId ?? extra?.requestId;
    const options = { redactor: settings.redactor, rules: settings.rules, requestId, answeredStatus, severity: extra?.severity, time: extra?.time };
    let summary: ErrorSummary;
    let stackOnSpan = false;
    if (target !== undefined && target.isRecording()) {
      const before = eventCount(target);
      summary = recordErrorWith(target, error, options, DIRECT_SPAN_WRITES);
      stackOnSpan = settings.spansExported !== false && isSampled(target) && eventCount(target) > before;
      // Scrubbed and cut by core's redactor as it was recorded: the export pass need not scan it again.
      if (settings.redactor !== undefined) {
        markEventsPrescrubbed(target, before);
        markStatusPrescrubbed(target, [statusMessage(summary)]);
      }
    } else {
      summary = describeError(error, options);
    }
    if (state !== undefined) state.failure = summary;
    if (server !== undefined && server !== target) {
      markServerSpan(server, summary);
      if (settings.redactor !== undefined) markStatusPrescrubbed(server, [summary.type]);
    }
    logFailure(summary, { requestId, source, stackOnSpan });
    countFailure(summary);
    return summary;
  } catch (internal) {
    reportInternalFailure(`recording a ${source} failure`, internal);
    return undefined;
  }
}

/**
 * For a failure the app's own error handling sees (Express error middleware, a Koa app's re-emitted
 * 'error'): recorded when the response is done, with the status the client got (a 403 the app chose is
 * recorded as a 403, medium, not as the error's 500), on `span` (default: the active one), whose end
 * waits for it, as the server span's does: recorded after the turn that finished the response, with the
 * other failures of that turn (turn-queue.ts). If Faultline answers first (a final handler), that records it at once.
 */
export function captureWhenAnswered(error: unknown, req: IncomingMessage | undefined, res: unknown, source: string, span = trace.getActiveSpan()): void {
  const state = requestStateOf(req);
  // Already recorded, or already waiting for this request's answer.
  if (state?.failure !== undefined || state?.pending !== undefined) return;
  const response = res as ServerResponse | undefined;
  if (state === undefined || typeof response?.prependOnceListener !== 'function' || typeof response.removeListener !== 'function' || response.writableFinished) {
    captureFailure(error, req, source, span, response?.writableFinished === true ? response.statusCode : undefined);
    return;
  }
  state.pending = { error, span };
  // The server span needs no hold: it ends on 'close' after this capture (http/server-span.ts endOnClose).
  const release = holdEnd(span);
  const done = (): void => {
    response.removeListener('finish', done);
    response.removeListener('close', done);
    // A response cut off before it finished: the client got no status; the error's own is recorded.
    const status = response.writableFinished ? response.statusCode : undefined;
    const time = performance.now();
    // The queue runs in the context of whichever request queued first: each capture gets its own back.
    const ctx = context.active();
    // An unsampled request's failure gets its forced server span now, while the response is still open,
    // so the span ends after the queued capture like any server span (http/server-span.ts).
    if (span?.isRecording() !== true && state.serverSpan?.isRecording() !== true) forcedServerSpan(req);
    queueCapture(() => context.with(ctx, () => {
      try {
        captureFailure(error, req, source, span, status, { time });
      } finally {
        release();
      }
    }));
  };
  // In front of the server span's own listeners, which end it.
  response.prependOnceListener('close', done);
  response.prependOnceListener('finish', done);
}
