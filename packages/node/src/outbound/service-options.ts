// remoteService()'s options: defaults, and checks that throw InvalidOptionError when the service is
// built (never on a call).
import { InvalidOptionError } from '@faultline/core';

export interface BreakerOptions {
  /** Consecutive failures (communication failures and 5xx answers) that open the breaker. Default 5. */
  readonly consecutiveFailures?: number;
  /** How long it stays open before one probe call is let through. Default 10 000 ms. */
  readonly halfOpenAfterMs?: number;
}

export interface RemoteServiceOptions {
  /** Attempts per call, the first included. Default 3; 1 turns retries off. */
  readonly maxAttempts?: number;
  /** The first backoff (exponential, decorrelated jitter). Default 100 ms. */
  readonly initialDelayMs?: number;
  /** The longest backoff between two attempts. Default 5 000 ms. */
  readonly maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the call fails at once. Default 10 000 ms. */
  readonly maxRetryAfterMs?: number;
  /** Each attempt's time limit (the request is aborted). Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** The circuit breaker, or `false` for none. */
  readonly breaker?: BreakerOptions | false;
  /** The request header that marks a non-idempotent request safe to repeat. Default `Idempotency-Key`. */
  readonly idempotencyHeader?: string;
  /** How much of an error answer's body is read to classify it. Default 65 536 bytes. */
  readonly maxErrorBodyBytes?: number;
  /** Calls in flight at once (a bulkhead); the rest wait in `maxQueued` or fail at once. Default: no limit. */
  readonly maxConcurrent?: number;
  /** Calls that may wait for a slot when `maxConcurrent` are in flight. Default 0. */
  readonly maxQueued?: number;
}

export interface ResolvedServiceOptions {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly timeoutMs: number;
  readonly breaker: Required<BreakerOptions> | false;
  readonly idempotencyHeader: string;
  readonly maxErrorBodyBytes: number;
  readonly bulkhead: { readonly maxConcurrent: number; readonly maxQueued: number } | false;
}

const SERVICE_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(`remoteService option ${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function breakerOptions(value: BreakerOptions | false | undefined): Required<BreakerOptions> | false {
  if (value === false) return false;
  if (value !== undefined && (typeof value !== 'object' || value === null)) throw new InvalidOptionError('remoteService option breaker must be an object or false');
  return {
    consecutiveFailures: integer('breaker.consecutiveFailures', value?.consecutiveFailures, 5, 1, 1000),
    halfOpenAfterMs: integer('breaker.halfOpenAfterMs', value?.halfOpenAfterMs, 10_000, 1, 3_600_000),
  };
}

/** Checks the name and options and fills in the defaults; throws InvalidOptionError on a bad one. */
export function resolveServiceOptions(name: unknown, options: RemoteServiceOptions = {}): ResolvedServiceOptions {
  if (typeof name !== 'string' || !SERVICE_NAME.test(name)) {
    throw new InvalidOptionError('remoteService name must be 1–64 characters of A–Z a–z 0–9 _ . : -');
  }
  const idempotencyHeader = options.idempotencyHeader ?? 'Idempotency-Key';
  if (typeof idempotencyHeader !== 'string' || !HEADER_NAME.test(idempotencyHeader)) {
    throw new InvalidOptionError('remoteService option idempotencyHeader must be a header name');
  }
  const initialDelayMs = integer('initialDelayMs', options.initialDelayMs, 100, 0, 60_000);
  return Object.freeze({
    maxAttempts: integer('maxAttempts', options.maxAttempts, 3, 1, 20),
    initialDelayMs,
    maxDelayMs: integer('maxDelayMs', options.maxDelayMs, Math.max(5_000, initialDelayMs), initialDelayMs, 600_000),
    maxRetryAfterMs: integer('maxRetryAfterMs', options.maxRetryAfterMs, 10_000, 0, 600_000),
    timeoutMs: integer('timeoutMs', options.timeoutMs, 10_000, 1, 600_000),
    breaker: breakerOptions(options.breaker),
    idempotencyHeader: idempotencyHeader.toLowerCase(),
    maxErrorBodyBytes: integer('maxErrorBodyBytes', options.maxErrorBodyBytes, 65_536, 0, 16_777_216),
    bulkhead: options.maxConcurrent === undefined && options.maxQueued === undefined ? false : {
      maxConcurrent: integer('maxConcurrent', options.maxConcurrent, 10, 1, 100_000),
      maxQueued: integer('maxQueued', options.maxQueued, 0, 0, 100_000),
    },
  });
}
