// The public surface of @faultline/core: named exports only.
export {
  ATTR_ERROR_CODE,
  ATTR_ERROR_STATUS,
  ATTR_FINGERPRINT,
  ATTR_REMOTE_CODE,
  ATTR_REMOTE_REQUEST_ID,
  ATTR_REMOTE_SERVICE,
  ATTR_REMOTE_STATUS,
  ATTR_REQUEST_ID,
  ATTR_SEVERITY,
  ATTR_UNHANDLED,
  ATTR_UPSTREAM_REQUEST_ID,
} from './attributes';
export type { Mode, Severity } from './types';
export {
  AUTHENTICATION_DETAIL,
  AuthenticationError,
  AuthorizationError,
  CONFLICT_DETAIL,
  ConflictError,
  ERROR_CLASSES,
  ExternalServiceError,
  FaultlineError,
  NotFoundError,
  RateLimitError,
  RemoteError,
  RequestIdError,
  SDK_ERROR_CODES,
  TimeoutError,
  ValidationError,
  isFaultlineError,
} from './errors';
export type { FaultlineErrorOptions, RemoteErrorOptions } from './errors';
export type { ValidationIssue, ValidationIssueInput } from './validation-issues';
export { ThrownValueError, normalizeError } from './normalize';
export { SEVERITIES, SEVERITY_NUMBER, classifySeverity, isSeverity, maxSeverity, severityForStatus } from './severity';
export type { ClassifyOptions, SeverityRule } from './severity';
export { statusTitle } from './http-status';
export { fingerprint } from './fingerprint';
export { isValidUpstreamRequestId, parseRequestId, requestIdFromTraceId } from './request-id';
export { DEFAULT_MAX_STACK_BYTES, describeError } from './describe';
export type { CauseSummary, ErrorSummary, RecordOptions } from './describe';
export { createObjectMark } from './object-mark';
export type { ObjectMark } from './object-mark';
export { exceptionEventAttributes, recordError, recordErrorWith, statusMessage } from './record';
export type { SpanWrites } from './record';
export { RETRYABLE_STATUSES, classifyAnswer, isJsonMediaType, parseRetryAfter } from './remote-answer';
export type { AnswerInput, RemoteAnswer } from './remote-answer';
export { remoteAttributes } from './remote-facts';
export type { RemoteFacts } from './remote-facts';
export { cutStack } from './stack-cut';
export { toProblem } from './problem';
export type { ProblemDetails, ProblemOptions } from './problem';
export { problemToHtml } from './problem-html';
export { createRedactor, redactProvenClean } from './redact';
export type { Redactor } from './redact';
export { INVALID_OPTION_CODE, InvalidOptionError } from './redact-options';
export type { CorrelationStrategy, CustomPattern, PersonalDataPolicy, RedactionLimits, RedactorOptions } from './redact-options';
export type { PersonalDataKind } from './personal-data';
