// One service's cockatiel policies: retry (exponential backoff with decorrelated jitter, stretched to a
// `Retry-After`), a circuit breaker shared by all its calls, and a per-attempt timeout. cockatiel is
// the well-kept library DESIGN.md names for this; only the decisions (what is retryable, what counts
// against the breaker) are ours, read from the facts outbound-failure.ts keeps beside each error.
import { trace } from '@opentelemetry/api';
import {
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  decorrelatedJitterGenerator,
  handleWhen,
  retry,
  timeout,
} from 'cockatiel';
import type { CircuitBreakerPolicy, IBackoff, IRetryBackoffContext, RetryPolicy, TimeoutPolicy } from 'cockatiel';
import { currentCall } from './call-context';
import { failureFacts } from './outbound-failure';
import { EVENT_BREAKER_CLOSE, EVENT_BREAKER_HALF_OPEN, EVENT_BREAKER_OPEN, EVENT_RETRY } from './outbound-attributes';
import type { ResolvedServiceOptions } from './service-options';

export interface ServicePolicies {
  readonly retry: RetryPolicy;
  readonly breaker?: CircuitBreakerPolicy;
  readonly timeout: TimeoutPolicy;
}

/** The per-attempt timeout fired (and not because the caller gave up). */
export function isAttemptTimeout(error: unknown): boolean {
  return error instanceof TaskCancelledError && currentCall()?.callerSignal?.aborted !== true;
}

function retryAfterOf(error: unknown): number | undefined {
  return failureFacts(error)?.retryAfterMs;
}

function retryable(options: ResolvedServiceOptions, error: unknown): boolean {
  if (currentCall()?.replayable === false) return false;
  if (isAttemptTimeout(error)) return currentCall()?.safe === true;
  const facts = failureFacts(error);
  if (facts?.retryable !== true) return false;
  return facts.retryAfterMs === undefined || facts.retryAfterMs <= options.maxRetryAfterMs;
}

function backoff(options: ResolvedServiceOptions): DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>> {
  const exponential = new ExponentialBackoff({ generator: decorrelatedJitterGenerator, initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs });
  return new DelegateBackoff((context: IRetryBackoffContext<unknown>, previous?: IBackoff<unknown>) => {
    const next = previous === undefined ? exponential.next() : previous.next(context);
    const asked = 'error' in context.result ? retryAfterOf(context.result.error) : undefined;
    return { delay: Math.max(next.duration, asked ?? 0), state: next };
  });
}

function reasonOf(error: unknown): string {
  const facts = failureFacts(error);
  if (facts === undefined) return isAttemptTimeout(error) ? 'timeout' : 'error';
  return facts.failure ?? `status_${facts.answer?.status ?? 0}`;
}

/** Span events go to the span active in the call that caused them (the call span). */
function event(name: string, attributes?: Record<string, string | number>): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}

export function createPolicies(options: ResolvedServiceOptions): ServicePolicies {
  const retryPolicy = retry(handleWhen((error) => retryable(options, error)), { maxAttempts: options.maxAttempts - 1, backoff: backoff(options) });
  retryPolicy.onRetry((reason) => {
    const error = 'error' in reason ? reason.error : undefined;
    event(EVENT_RETRY, { 'faultline.outbound.attempt': reason.attempt + 1, 'faultline.outbound.delay_ms': Math.round(reason.delay), 'faultline.outbound.reason': reasonOf(error) });
  });
  const timeoutPolicy = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  if (options.breaker === false) return { retry: retryPolicy, timeout: timeoutPolicy };
  const breaker = circuitBreaker(handleWhen((error) => isAttemptTimeout(error) || failureFacts(error)?.unhealthy === true), {
    halfOpenAfter: options.breaker.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breaker.consecutiveFailures),
  });
  breaker.onBreak(() => event(EVENT_BREAKER_OPEN));
  breaker.onHalfOpen(() => event(EVENT_BREAKER_HALF_OPEN));
  breaker.onReset(() => event(EVENT_BREAKER_CLOSE));
  return { retry: retryPolicy, breaker, timeout: timeoutPolicy };
}
