// The one registry of Faultline's error classes. Codes are stable: never renamed or reused once retired.
// docs/errors.md documents every class and SDK code; errors-docs.test.ts keeps the two in step.
import { FAULTLINE_ERROR_BRAND, hasFaultlineBrand, safeGet } from './error-brand';
import { errorStatus, statusTitle } from './http-status';
import { PLAIN_TOKEN } from './plain-token';
import type { Severity } from './types';
import { isValidUpstreamRequestId } from './upstream-id';
import { sanitizeIssues } from './validation-issues';
import type { ValidationIssue, ValidationIssueInput } from './validation-issues';

export interface FaultlineErrorOptions {
  /** Stable machine code, e.g. `ORDER_NOT_FOUND`; defaults to the class's code. */
  code?: string;
  /** HTTP status (400–599); defaults to the class's status. */
  status?: number;
  /** Explicit severity: wins over rules and status (but an unhandled error is always critical). */
  severity?: Severity;
  /** May the message reach clients in production? Defaults to true below 500, false from 500. */
  expose?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

const SEVERITIES: ReadonlySet<unknown> = new Set(['low', 'medium', 'high', 'critical']);

function nameClass(errorClass: { prototype: Error }, name: string): void {
  Object.defineProperty(errorClass.prototype, 'name', { value: name, writable: true, configurable: true });
}

/** Base of every Faultline error: recognised by brand (`isFaultlineError`), across copies of the package. */
export class FaultlineError extends Error {
  declare readonly [FAULTLINE_ERROR_BRAND]: true;
  declare readonly status: number;
  declare readonly code: string;
  declare readonly expose: boolean;
  declare readonly severity?: Severity;
  declare readonly details?: Record<string, unknown>;

  constructor(message: string, options: FaultlineErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    const status = errorStatus(options.status) ?? 500;
    Object.defineProperty(this, FAULTLINE_ERROR_BRAND, { value: true });
    Object.assign(this, {
      status,
      code: typeof options.code === 'string' && options.code.length > 0 ? options.code : 'INTERNAL_ERROR',
      expose: typeof options.expose === 'boolean' ? options.expose : status < 500,
    });
    if (SEVERITIES.has(options.severity)) Object.assign(this, { severity: options.severity });
    if (options.details !== undefined) Object.assign(this, { details: options.details });
  }

  /** The generic public title for this error's status, e.g. `Not Found`. */
  get title(): string {
    return statusTitle(this.status);
  }

  /** A fixed public detail that replaces the message for clients (401, 409); undefined otherwise. */
  get publicDetail(): string | undefined {
    return undefined;
  }

  /**
   * The code clients read when `publicDetail` is fixed: the class's default, whatever custom `code` was
   * given (`USER_NOT_FOUND` vs `BAD_PASSWORD` would undo the fixed detail). Spans and logs keep `code`.
   */
  get publicCode(): string | undefined {
    return undefined;
  }
}
nameClass(FaultlineError, 'FaultlineError');

function withDefaults(options: FaultlineErrorOptions, status: number, code: string): FaultlineErrorOptions {
  return { ...options, status: options.status ?? status, code: options.code ?? code };
}

/** 400: the request failed validation. Exposed; `issues` name fields and reasons, never submitted values. */
export class ValidationError extends FaultlineError {
  declare readonly issues: readonly ValidationIssue[];
  constructor(
    message = 'The request is invalid.',
    options: FaultlineErrorOptions & { issues?: readonly ValidationIssueInput[] } = {},
  ) {
    const { issues, ...rest } = options;
    super(message, withDefaults(rest, 400, 'VALIDATION_FAILED'));
    Object.assign(this, { issues: sanitizeIssues(issues) });
  }
}
nameClass(ValidationError, 'ValidationError');

/** The one public detail of every 401, whatever the reason (no account enumeration). */
export const AUTHENTICATION_DETAIL = 'Authentication is required to access this resource.';

/** 401: the internal message may say why; clients always read the same detail. */
export class AuthenticationError extends FaultlineError {
  constructor(message = 'Authentication failed.', options: FaultlineErrorOptions = {}) {
    super(message, withDefaults(options, 401, 'UNAUTHENTICATED'));
  }
  override get publicDetail(): string {
    return AUTHENTICATION_DETAIL;
  }
  override get publicCode(): string {
    return 'UNAUTHENTICATED';
  }
}
nameClass(AuthenticationError, 'AuthenticationError');

/** 403: authenticated but not allowed. */
export class AuthorizationError extends FaultlineError {
  constructor(message = 'You are not allowed to perform this action.', options: FaultlineErrorOptions = {}) {
    super(message, withDefaults(options, 403, 'FORBIDDEN'));
  }
}
nameClass(AuthorizationError, 'AuthorizationError');

/** 404: the resource does not exist (or is not visible to this caller). */
export class NotFoundError extends FaultlineError {
  constructor(message = 'The resource was not found.', options: FaultlineErrorOptions = {}) {
    super(message, withDefaults(options, 404, 'NOT_FOUND'));
  }
}
nameClass(NotFoundError, 'NotFoundError');

/** The one public detail of every 409: it never says which field collided. */
export const CONFLICT_DETAIL = 'The request conflicts with the current state of the resource.';

/** 409: the internal message may name the field; clients always read `CONFLICT_DETAIL`. */
export class ConflictError extends FaultlineError {
  constructor(message = 'Conflict.', options: FaultlineErrorOptions = {}) {
    super(message, withDefaults(options, 409, 'CONFLICT'));
  }
  override get publicDetail(): string {
    return CONFLICT_DETAIL;
  }
  override get publicCode(): string {
    return 'CONFLICT';
  }
}
nameClass(ConflictError, 'ConflictError');

/** 429: too many requests; `retryAfterSeconds` (whole seconds) goes into the problem body. */
export class RateLimitError extends FaultlineError {
  declare readonly retryAfterSeconds?: number;
  constructor(message = 'Too many requests.', options: FaultlineErrorOptions & { retryAfterSeconds?: number } = {}) {
    const { retryAfterSeconds, ...rest } = options;
    super(message, withDefaults(rest, 429, 'RATE_LIMITED'));
    if (typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
      Object.assign(this, { retryAfterSeconds: Math.ceil(retryAfterSeconds) });
    }
  }
}
nameClass(RateLimitError, 'RateLimitError');

function token(value: unknown): string | undefined {
  return typeof value === 'string' && PLAIN_TOKEN.test(value) ? value : undefined;
}

/** 502: a dependency could not be reached or gave no usable answer (a communication failure). */
export class ExternalServiceError extends FaultlineError {
  declare readonly service?: string;
  constructor(message = 'An external service failed.', options: FaultlineErrorOptions & { service?: string } = {}) {
    const { service, ...rest } = options;
    super(message, withDefaults(rest, 502, 'EXTERNAL_SERVICE_FAILED'));
    if (token(service) !== undefined) Object.assign(this, { service });
  }
}
nameClass(ExternalServiceError, 'ExternalServiceError');

/** 504: an operation ran out of time. */
export class TimeoutError extends FaultlineError {
  constructor(message = 'The operation timed out.', options: FaultlineErrorOptions = {}) {
    super(message, withDefaults(options, 504, 'TIMEOUT'));
  }
}
nameClass(TimeoutError, 'TimeoutError');

export interface RemoteErrorOptions extends Omit<FaultlineErrorOptions, 'expose'> {
  /** The status the remote answered with (0 when it gave none that is valid). */
  remoteStatus?: number;
  /** The remote's error code; kept only if it is a plain token (1–64 of `A–Z a–z 0–9 _ . : -`). */
  remoteCode?: string;
  /** The remote's request ID; kept only if `isValidUpstreamRequestId` accepts it. */
  remoteRequestId?: string;
  service?: string;
}

/**
 * Another service answered with an error (an API error, not a communication failure). It is never turned
 * back into a local error type and never exposed: its message and stack stay internal.
 */
export class RemoteError extends FaultlineError {
  declare readonly remoteStatus: number;
  declare readonly remoteCode?: string;
  declare readonly remoteRequestId?: string;
  declare readonly service?: string;
  constructor(message = 'A remote service answered with an error.', options: RemoteErrorOptions = {}) {
    const { remoteStatus, remoteCode, remoteRequestId, service, ...rest } = options;
    super(message, { ...withDefaults(rest, 502, 'REMOTE_ERROR'), expose: false });
    const status = typeof remoteStatus === 'number' && Number.isInteger(remoteStatus) && remoteStatus >= 100 ? remoteStatus : 0;
    Object.assign(this, { remoteStatus: status <= 599 ? status : 0 });
    if (token(remoteCode) !== undefined) Object.assign(this, { remoteCode });
    if (isValidUpstreamRequestId(remoteRequestId)) Object.assign(this, { remoteRequestId });
    if (token(service) !== undefined) Object.assign(this, { service });
  }
}
nameClass(RemoteError, 'RemoteError');

/** A request ID (or the trace ID it should come from) is malformed; the message says exactly what. */
export class RequestIdError extends FaultlineError {
  constructor(message: string, options: { code?: 'FAULTLINE_INVALID_REQUEST_ID' | 'FAULTLINE_INVALID_TRACE_ID' } = {}) {
    super(message, { status: 400, code: options.code ?? 'FAULTLINE_INVALID_REQUEST_ID', expose: true, severity: 'low' });
  }
}
nameClass(RequestIdError, 'RequestIdError');

/** Every error class, for documentation and tests. */
export const ERROR_CLASSES = Object.freeze([
  FaultlineError,
  ValidationError,
  AuthenticationError,
  AuthorizationError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ExternalServiceError,
  TimeoutError,
  RemoteError,
  RequestIdError,
] as const);

/** The SDK's own codes (`FAULTLINE_*`), each with what it means. Add a row when adding a code. */
export const SDK_ERROR_CODES: Readonly<Record<string, string>> = Object.freeze({
  FAULTLINE_INVALID_REQUEST_ID: 'A request ID could not be parsed: wrong length, a character outside the alphabet, or a failed check character.',
  FAULTLINE_INVALID_TRACE_ID: 'A request ID was asked for a value that is not a valid 32-hex-digit, non-zero trace ID.',
  FAULTLINE_INVALID_OPTION: 'A programmatic option is invalid (bad type, out of range, unknown value); thrown when the object is built, never on the hot path.',
  FAULTLINE_BULKHEAD_FULL: 'A remote service has `maxConcurrent` calls in flight and `maxQueued` waiting: the call failed fast without reaching it (an `ExternalServiceError`, status 503).',
  FAULTLINE_CIRCUIT_OPEN: 'A remote service\'s circuit breaker is open: the call failed fast without reaching it (an `ExternalServiceError`, status 503).',
});

/** True for an error from any copy of `@faultline/core` (brand check, not `instanceof`). */
export function isFaultlineError(value: unknown): value is FaultlineError {
  return hasFaultlineBrand(value) && typeof safeGet(value, 'status') === 'number';
}
