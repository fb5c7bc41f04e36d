// Turns what a dependency did into one of core's errors, with the facts the retry and breaker policies
// decide on kept beside it (a WeakMap: nothing is added to the error a host may serialise).
import { ExternalServiceError, RemoteError, RETRYABLE_STATUSES, TimeoutError, classifyAnswer, parseRetryAfter } from '@faultline/core';
import type { FaultlineError, RemoteAnswer } from '@faultline/core';
import { communicationKind, neverSent } from './failure-kind';
import type { CommunicationKind } from './failure-kind';
import type { OutboundOutcome } from './outbound-attributes';

export interface FailureFacts {
  readonly outcome: OutboundOutcome;
  /** The kind of communication failure, or `not_api_answer`; undefined for an API error. */
  readonly failure?: CommunicationKind | 'not_api_answer';
  readonly retryable: boolean;
  /** Says the dependency is unwell (counts towards opening its breaker); a 4xx API answer does not. */
  readonly unhealthy: boolean;
  readonly retryAfterMs?: number;
  readonly answer?: RemoteAnswer;
}

const factsByError = new WeakMap<object, FailureFacts>();

export function failureFacts(error: unknown): FailureFacts | undefined {
  return typeof error === 'object' && error !== null ? factsByError.get(error) : undefined;
}

function remember<E extends FaultlineError>(error: E, facts: FailureFacts): E {
  factsByError.set(error, facts);
  return error;
}

/**
 * A thrown error as a communication failure (`TimeoutError` for a timeout, `ExternalServiceError` else),
 * the original kept as `cause`; undefined when `error` is not one (a bug in the caller's own code).
 * `safe`: the call may be repeated (idempotent or keyed).
 */
export function communicationFailure(service: string, error: unknown, safe: boolean): FaultlineError | undefined {
  const kind = communicationKind(error);
  if (kind === undefined) return undefined;
  const facts: FailureFacts = { outcome: 'communication_failure', failure: kind, retryable: safe || neverSent(kind), unhealthy: true };
  if (kind === 'timeout') return remember(new TimeoutError(`${service} did not answer in time`, { cause: error }), facts);
  return remember(new ExternalServiceError(`${service} could not be reached (${kind})`, { service, cause: error }), facts);
}

/** The error for an error answer whose (bounded) body was read: `RemoteError`, or `ExternalServiceError` if not the API's. */
export function answerFailure(service: string, status: number, headers: Headers, body: string, safe: boolean): FaultlineError {
  const answer = classifyAnswer({ status, contentType: headers.get('content-type'), body, requestIdHeader: headers.get('x-request-id') });
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers.get('retry-after')) : undefined;
  // A 429 says the request was not processed: repeating it is safe whatever the method.
  const retryable = RETRYABLE_STATUSES.has(status) && (safe || status === 429);
  const facts = { retryable, unhealthy: status >= 500, answer, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (answer.kind === 'not_api') {
    const error = new ExternalServiceError(`${service} answered ${status} with a body that is not its API's`, {
      service,
      details: { remoteStatus: status, ...(answer.requestId === undefined ? {} : { remoteRequestId: answer.requestId }) },
    });
    return remember(error, { ...facts, outcome: 'communication_failure', failure: 'not_api_answer', unhealthy: true });
  }
  const said = answer.message === undefined ? '' : `: ${answer.message}`;
  const error = new RemoteError(`${service} answered ${status}${answer.code === undefined ? '' : ` ${answer.code}`}${said}`, {
    service,
    remoteStatus: status,
    ...(answer.code === undefined ? {} : { remoteCode: answer.code }),
    ...(answer.requestId === undefined ? {} : { remoteRequestId: answer.requestId }),
  });
  return remember(error, { ...facts, outcome: 'api_error' });
}

/** The facts of a per-attempt timeout the policies raised (the attempt was aborted). */
export function rememberTimeout(error: FaultlineError, safe: boolean): FaultlineError {
  return remember(error, { outcome: 'communication_failure', failure: 'timeout', retryable: safe, unhealthy: true });
}

/** The open breaker's fast failure: its own code, nothing sent. */
export function circuitOpenFailure(service: string): FaultlineError {
  const error = new ExternalServiceError(`${service} is failing: its circuit breaker is open`, { service, status: 503, code: 'FAULTLINE_CIRCUIT_OPEN' });
  return remember(error, { outcome: 'circuit_open', retryable: false, unhealthy: false });
}

/** The bulkhead's fast failure: too many calls in flight and queued; nothing sent. */
export function bulkheadFullFailure(service: string): FaultlineError {
  const error = new ExternalServiceError(`${service} has too many calls in flight`, { service, status: 503, code: 'FAULTLINE_BULKHEAD_FULL' });
  return remember(error, { outcome: 'bulkhead_full', retryable: false, unhealthy: false });
}
