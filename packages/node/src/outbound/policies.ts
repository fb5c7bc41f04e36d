// One service's cockatiel policies: an optional bulkhead and a circuit breaker shared by all its calls, a
// per-attempt timeout,
// and for each call a retry (exponential backoff with decorrelated jitter, stretched to a `Retry-After`)
// that knows whether that call may be repeated. cockatiel is the well-kept library DESIGN.md names for
// this; only the decisions (what is retryable, what counts against the breaker) are ours, read from the
// facts outbound-failure.ts keeps beside each error, never from the active context.
import { trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import {
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  decorrelatedJitterGenerator,
  handleWhen,
  retry,
  timeout,
} from 'cockatiel';
import type { BulkheadPolicy, CircuitBreakerPolicy, IBackoff, IRetryBackoffContext, RetryPolicy, TimeoutPolicy } from 'cockatiel';
import { failureFacts } from './outbound-failure';
import { EVENT_BREAKER_CLOSE, EVENT_BREAKER_HALF_OPEN, EVENT_BREAKER_OPEN, EVENT_RETRY } from './outbound-attributes';
import type { ResolvedServiceOptions } from './service-options';

export interface ServicePolicies {
  readonly bulkhead?: BulkheadPolicy;
  readonly breaker?: CircuitBreakerPolicy;
  readonly timeout: TimeoutPolicy;
  /** The retry policy of one call; `repeatable` false (a stream body) allows no second attempt. */
  retryFor(span: Span, repeatable: boolean): RetryPolicy;
}

function retryable(options: ResolvedServiceOptions, error: unknown): boolean {
  const facts = failureFacts(error);
  if (facts?.retryable !== true) return false;
  return facts.retryAfterMs === undefined || facts.retryAfterMs <= options.maxRetryAfterMs;
}

function backoff(options: ResolvedServiceOptions): DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>> {
  const exponential = new ExponentialBackoff({ generator: decorrelatedJitterGenerator, initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs });
  return new DelegateBackoff((context: IRetryBackoffContext<unknown>, previous?: IBackoff<unknown>) => {
    const next = previous === undefined ? exponential.next() : previous.next(context);
    const asked = 'error' in context.result ? failureFacts(context.result.error)?.retryAfterMs : undefined;
    return { delay: Math.max(next.duration, asked ?? 0), state: next };
  });
}

function reasonOf(error: unknown): string {
  const facts = failureFacts(error);
  return facts?.failure ?? (facts?.answer === undefined ? 'error' : `status_${facts.answer.status}`);
}

/** A breaker change is an event on the span of the call that caused it (the active call span). */
function breakerEvent(name: string): void {
  trace.getActiveSpan()?.addEvent(name);
}

export function createPolicies(options: ResolvedServiceOptions): ServicePolicies {
  const delays = backoff(options);
  const timeoutPolicy = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const retryFor = (span: Span, repeatable: boolean): RetryPolicy => {
    const policy = retry(handleWhen((error) => repeatable && retryable(options, error)), { maxAttempts: options.maxAttempts - 1, backoff: delays });
    policy.onRetry((reason) => {
      span.addEvent(EVENT_RETRY, {
        'faultline.outbound.attempt': reason.attempt + 1,
        'faultline.outbound.delay_ms': Math.round(reason.delay),
        'faultline.outbound.reason': reasonOf('error' in reason ? reason.error : undefined),
      });
    });
    return policy;
  };
  const limit = options.bulkhead === false ? {} : { bulkhead: bulkhead(options.bulkhead.maxConcurrent, options.bulkhead.maxQueued) };
  if (options.breaker === false) return { ...limit, timeout: timeoutPolicy, retryFor };
  const breaker = circuitBreaker(handleWhen((error) => failureFacts(error)?.unhealthy === true), {
    halfOpenAfter: options.breaker.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breaker.consecutiveFailures),
  });
  breaker.onBreak(() => breakerEvent(EVENT_BREAKER_OPEN));
  breaker.onHalfOpen(() => breakerEvent(EVENT_BREAKER_HALF_OPEN));
  breaker.onReset(() => breakerEvent(EVENT_BREAKER_CLOSE));
  return { ...limit, breaker, timeout: timeoutPolicy, retryFor };
}
