// Work that is not a request (a nightly job, a queue message, a timer, a socket handler): a span of its
// own, a run ID derived from its trace ID (like a request ID, so the support lookup resolves it, and the
// correlated logger writes it as request_id), a failure recorded through the one capture path and logged
// once, optional retries (task-retry.ts), and the failure rethrown or swallowed as the caller chooses.
import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Link, Span } from '@opentelemetry/api';
import { deleteRPCMetadata } from '@opentelemetry/core';
import type { ErrorSummary, Severity } from '@faultline/core';
import { ATTR_FINGERPRINT, ATTR_SEVERITY, requestIdFromTraceId } from '@faultline/core';
import { captureFailure, reportInternalFailure } from '../capture/capture';
import { setOwnRequestId } from '../capture/prescrubbed';
import { runAttempts } from './task-retry';
import { closureFree } from '../http/closure-free-context';
import type { TaskRetryOptions, TaskRun } from './task-retry';

export interface TaskOptions {
  /** `internal` (default) for the app's own work, `consumer` for a message taken from a queue. */
  readonly kind?: 'internal' | 'consumer';
  /**
   * `new` (default): the run is a trace of its own (its own run ID), linked to the span that started it;
   * `continue`: a child span in the caller's trace (the run ID is then the caller's request ID).
   */
  readonly trace?: 'new' | 'continue';
  readonly attributes?: Attributes;
  /** Replaces the classified severity of a failure that ends the run. */
  readonly severity?: Severity;
  readonly retry?: TaskRetryOptions;
  /** Default true: a failure is recorded, then rethrown. `false`: recorded, and the run resolves `undefined`. */
  readonly rethrow?: boolean;
}

export const ATTR_TASK_NAME = 'faultline.task.name';
export const ATTR_TASK_ATTEMPTS = 'faultline.task.attempts';

const KIND = { internal: SpanKind.INTERNAL, consumer: SpanKind.CONSUMER } as const;
// A failure that ends an inner task is recorded and logged there; an outer task only marks its span.
const recorded = new WeakMap<object, ErrorSummary>();

/** The run ID of `span`'s trace (undefined for a span with no valid context). */
export function runIdOf(span: Span): string | undefined {
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return undefined;
  try {
    return requestIdFromTraceId(spanContext.traceId);
  } catch (error) {
    reportInternalFailure('deriving a run ID', error);
    return undefined;
  }
}

function recordEnd(error: unknown, span: Span, runId: string | undefined, severity: Severity | undefined): void {
  const inner = typeof error === 'object' && error !== null ? recorded.get(error) : undefined;
  if (inner !== undefined) {
    span.setAttributes({ 'error.type': inner.type, [ATTR_SEVERITY]: inner.severity, [ATTR_FINGERPRINT]: inner.fingerprint });
    span.setStatus({ code: SpanStatusCode.ERROR, message: inner.type });
    return;
  }
  const summary = captureFailure(error, undefined, 'task', span, undefined, { requestId: runId, severity });
  if (summary !== undefined && typeof error === 'object' && error !== null) recorded.set(error, summary);
}

export function runTask<T>(name: string, fn: (run: TaskRun) => T | PromiseLike<T>, options: TaskOptions & { readonly rethrow: false }): Promise<T | undefined>;
export function runTask<T>(name: string, fn: (run: TaskRun) => T | PromiseLike<T>, options?: TaskOptions): Promise<T>;
/** Runs `fn` as a task named `name` (see TaskOptions); resolves with its result. */
export async function runTask<T>(name: string, fn: (run: TaskRun) => T | PromiseLike<T>, options: TaskOptions = {}): Promise<T | undefined> {
  const caller = closureFree(context.active());
  const continues = options.trace === 'continue';
  const callerSpan = trace.getSpanContext(caller);
  const links: Link[] = !continues && callerSpan !== undefined && isSpanContextValid(callerSpan) ? [{ context: callerSpan }] : [];
  // A run of its own leaves the request that started it behind: its span, and its route (so a failure
  // is not counted under the request's http.route, and the task cannot rename the request's span).
  const parent = continues ? caller : deleteRPCMetadata(trace.deleteSpan(caller));
  const span = trace.getTracer('@faultline/node').startSpan(name, {
    kind: KIND[options.kind ?? 'internal'] ?? SpanKind.INTERNAL,
    attributes: { ...options.attributes, [ATTR_TASK_NAME]: name },
    links,
  }, parent);
  const runId = runIdOf(span);
  if (runId !== undefined) setOwnRequestId(span, runId);
  const onAttempt = (attempt: number): void => {
    span.setAttribute(ATTR_TASK_ATTEMPTS, attempt);
  };
  try {
    return await context.with(trace.setSpan(parent, span), () => runAttempts(name, fn, runId, options.retry, onAttempt));
  } catch (error) {
    recordEnd(error, span, runId, options.severity);
    if (options.rethrow === false) return undefined;
    throw error;
  } finally {
    span.end();
  }
}

/**
 * `fn` as a handler for a caller that cannot take a rejection (a timer, node-cron, an event listener):
 * each call is a task run; failures are recorded and the returned promise resolves `undefined`.
 */
export function taskHandler<A extends unknown[], T>(name: string, fn: (...args: A) => T | PromiseLike<T>, options: TaskOptions = {}): (...args: A) => Promise<T | undefined> {
  return (...args: A) => runTask(name, () => fn(...args), { ...options, rethrow: false });
}
