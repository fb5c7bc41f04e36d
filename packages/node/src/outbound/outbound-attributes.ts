// Attribute and event names the outbound-call support writes, in one place (docs/outbound-calls.md).
export const ATTR_OUTBOUND_SERVICE = 'faultline.outbound.service';
/** 1 for the first try, 2 for the first retry, … (on each client span, and the call span's total). */
export const ATTR_OUTBOUND_ATTEMPT = 'faultline.outbound.attempt';
export const ATTR_OUTBOUND_ATTEMPTS = 'faultline.outbound.attempts';
/** `ok`, `api_error`, `communication_failure`, `circuit_open` or `bulkhead_full`. */
export const ATTR_OUTBOUND_OUTCOME = 'faultline.outbound.outcome';
/** What kind of communication failure: `refused`, `dns`, `reset`, `tls`, `timeout`, `not_api_answer`, `other`. */
export const ATTR_OUTBOUND_FAILURE = 'faultline.outbound.failure';
export { ATTR_REMOTE_CODE, ATTR_REMOTE_REQUEST_ID, ATTR_REMOTE_STATUS } from '@faultline/core';

export const EVENT_RETRY = 'faultline.outbound.retry';
export const EVENT_BREAKER_OPEN = 'faultline.breaker.open';
export const EVENT_BREAKER_HALF_OPEN = 'faultline.breaker.half_open';
export const EVENT_BREAKER_CLOSE = 'faultline.breaker.close';

export type OutboundOutcome = 'ok' | 'api_error' | 'communication_failure' | 'circuit_open' | 'bulkhead_full';
