// Retries for tasks through cockatiel (the retry library DESIGN.md names: exponential backoff with
// decorrelated jitter, tested, no home-made timer loop). Each attempt is a child span of the task's span,
// so every try is visible on the trace; a permanent failure (a 4xx-class Faultline error) is not retried.
import { context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { isFaultlineError, recordErrorWith } from '@faultline/core';
import { DIRECT_SPAN_WRITES } from '../capture/direct-span-writes';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { captureSettings } from '../capture/capture';

export interface TaskRetryOptions {
  /** Attempts in all, the first included (2 = one retry). */
  readonly maxAttempts: number;
  /** First backoff before jitter; default 200 ms. */
  readonly initialDelayMs?: number;
  /** Ceiling of any one backoff; default 30 s. */
  readonly maxDelayMs?: number;
  /** Whether a failure may be retried; default: all but Faultline errors with a 4xx status other than 408 and 429. */
  readonly retryable?: (error: unknown) => boolean;
}

export interface TaskRun {
  /** The run ID: the trace ID in request-ID form, so `faultline lookup` resolves it. */
  readonly runId: string | undefined;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborted when the retry policy gives up waiting on this run. */
  readonly signal: AbortSignal;
}

export const ATTR_TASK_ATTEMPT = 'faultline.task.attempt';

const neverAborted = new AbortController().signal;

/** A client's mistake (bad input, not found, forbidden) fails the same way on every try. */
export function isTransient(error: unknown): boolean {
  if (!isFaultlineError(error)) return true;
  const status = error.status;
  return status >= 500 || status === 408 || status === 429;
}

function attemptSpan(name: string, attempt: number): Span {
  return trace.getTracer('@faultline/node').startSpan(`${name} attempt ${attempt}`, { attributes: { [ATTR_TASK_ATTEMPT]: attempt } });
}

/** Runs `fn` once, or under the retry policy with one span per attempt; rejects with the last failure. */
export async function runAttempts<T>(
  name: string,
  fn: (run: TaskRun) => T | PromiseLike<T>,
  runId: string | undefined,
  options: TaskRetryOptions | undefined,
  onAttempt: (attempt: number) => void,
): Promise<T> {
  if (options === undefined || options.maxAttempts <= 1) {
    onAttempt(1);
    return await fn({ runId, attempt: 1, signal: neverAborted });
  }
  const retryable = options.retryable ?? isTransient;
  const policy = retry(handleWhen((error) => retryable(error)), {
    maxAttempts: Math.floor(options.maxAttempts) - 1,
    backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 200, maxDelay: options.maxDelayMs ?? 30_000 }),
  });
  return await policy.execute(async ({ attempt: retries, signal }) => {
    const attempt = retries + 1;
    onAttempt(attempt);
    const span = attemptSpan(name, attempt);
    try {
      return await context.with(trace.setSpan(context.active(), span), () => fn({ runId, attempt, signal }));
    } catch (error) {
      // On the attempt's span only; the task's span records (and logs) the failure that ends the run.
      const { redactor, rules } = captureSettings();
      recordErrorWith(span, error, { redactor, rules, requestId: runId }, DIRECT_SPAN_WRITES);
      throw error;
    } finally {
      span.end();
    }
  });
}
