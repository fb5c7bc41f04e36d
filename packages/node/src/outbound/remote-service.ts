// remoteService(name, options): calls to one dependency through bulkhead, retry, circuit breaker and timeout,
// every failure turned into core's error model (RemoteError, ExternalServiceError, TimeoutError) and every
// attempt, wait and breaker change on the trace. See docs/outbound-calls.md.
import { context, trace } from '@opentelemetry/api';
import { BrokenCircuitError, BulkheadRejectedError, CircuitState, TaskCancelledError } from 'cockatiel';
import { TimeoutError } from '@faultline/core';
import { readBoundedText } from './bounded-body';
import { watchBreaker } from './breaker-metric';
import { withAttempt } from './call-context';
import { endCallSpan, startCallSpan } from './call-span';
import { answerFailure, bulkheadFullFailure, circuitOpenFailure, communicationFailure, rememberTimeout } from './outbound-failure';
import { createPolicies } from './policies';
import { safeToRepeat } from './retry-rules';
import { resolveServiceOptions } from './service-options';
import type { RemoteServiceOptions, ResolvedServiceOptions } from './service-options';

export interface CallOptions {
  /** May this call be repeated? Overrides what the method and the idempotency header say. */
  readonly idempotent?: boolean;
}

export interface AttemptContext {
  /** 1 for the first try. */
  readonly attempt: number;
  /** Aborted when the attempt times out or the caller gives up: pass it on to the client you call. */
  readonly signal: AbortSignal;
}

export type BreakerState = 'closed' | 'half_open' | 'open' | 'disabled';

export interface RemoteService {
  readonly name: string;
  /** The platform's fetch through the policies. Resolves with a 1xx–3xx response; rejects with a Faultline error. */
  fetch(input: string | URL | Request, init?: RequestInit, options?: CallOptions): Promise<Response>;
  /** Any client call through the policies; `fn` should pass `signal` on. Not repeated unless `idempotent`. */
  call<T>(fn: (attempt: AttemptContext) => Promise<T> | T, options?: CallOptions): Promise<T>;
  readonly breakerState: BreakerState;
}

const STATE_NAMES: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

interface CallPlan {
  /** Repeating the call cannot do the work twice. */
  readonly safe: boolean;
  /** False when the body is a stream that cannot be sent twice. */
  readonly repeatable: boolean;
  readonly callerSignal?: AbortSignal;
}

/** What the timeout policy's cancellation means: the caller gave up (their reason), or the attempt ran out of time. */
function afterTimeout(service: string, error: unknown, plan: CallPlan): unknown {
  if (!(error instanceof TaskCancelledError)) return error;
  const caller = plan.callerSignal;
  if (caller?.aborted === true) return caller.reason ?? error;
  return rememberTimeout(new TimeoutError(`${service} did not answer in time`, { cause: error }), plan.safe);
}

async function answered(service: string, options: ResolvedServiceOptions, response: Response, safe: boolean): Promise<Response> {
  if (response.status < 400) return response;
  const body = await readBoundedText(response, options.maxErrorBodyBytes);
  throw answerFailure(service, response.status, response.headers, body, safe);
}

/** Builds a client for the dependency `name`; bad options throw InvalidOptionError here, never on a call. */
export function remoteService(name: string, serviceOptions?: RemoteServiceOptions): RemoteService {
  const options = resolveServiceOptions(name, serviceOptions);
  const policies = createPolicies(options);
  const breaker = policies.breaker;
  if (breaker !== undefined) watchBreaker(name, breaker);

  async function run<T>(plan: CallPlan, attemptFn: (attempt: AttemptContext) => Promise<T>): Promise<T> {
    const span = startCallSpan(name);
    const callContext = trace.setSpan(context.active(), span);
    let attempts = 0;
    const attemptOnce = (retrySignal: AbortSignal): Promise<T> => policies.timeout
      .execute(({ signal }) => {
        attempts += 1;
        const attempt = attempts;
        return context.with(withAttempt(callContext, { service: name, attempt }), () => attemptFn({ attempt, signal }));
      }, retrySignal)
      .catch((error: unknown) => { throw afterTimeout(name, error, plan); });
    return context.with(callContext, async () => {
      try {
        const retried = () => policies.retryFor(span, plan.repeatable).execute(
          ({ signal }) => (breaker === undefined ? attemptOnce(signal) : breaker.execute(() => attemptOnce(signal), signal)),
          plan.callerSignal,
        );
        const result = await (policies.bulkhead === undefined ? retried() : policies.bulkhead.execute(retried, plan.callerSignal));
        endCallSpan(span, attempts);
        return result;
      } catch (error) {
        const final = error instanceof BrokenCircuitError ? circuitOpenFailure(name) : error instanceof BulkheadRejectedError ? bulkheadFullFailure(name) : error;
        endCallSpan(span, attempts, final);
        throw final;
      }
    });
  }

  return {
    name,
    get breakerState(): BreakerState {
      return breaker === undefined ? 'disabled' : STATE_NAMES[breaker.state];
    },
    fetch(input, init, callOptions) {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const headers = init?.headers ?? (input instanceof Request ? input.headers : undefined);
      const safe = safeToRepeat(method, headers, options.idempotencyHeader, callOptions?.idempotent);
      // A stream body is gone after the first attempt: such a request is sent once.
      const repeatable = !(init?.body instanceof ReadableStream) && !(input instanceof Request && input.body !== null);
      const callerSignal = init?.signal ?? undefined;
      return run({ safe, repeatable, ...(callerSignal === undefined ? {} : { callerSignal }) }, async ({ signal }) => {
        let response: Response;
        try {
          response = await fetch(input, { ...init, signal });
        } catch (error) {
          throw communicationFailure(name, error, safe) ?? error;
        }
        return answered(name, options, response, safe);
      });
    },
    call(fn, callOptions) {
      const safe = callOptions?.idempotent === true;
      return run({ safe, repeatable: true }, async (attempt) => {
        try {
          return await fn(attempt);
        } catch (error) {
          throw communicationFailure(name, error, safe) ?? error;
        }
      });
    },
  };
}
