// describeError: everything recording, logging and responses need to know about a failure, in one pass,
// with every text redacted and bounded. recordError writes the same summary onto a span.
import type { TimeInput } from '@opentelemetry/api';
import { DEFAULT_CAUSE_LIMITS, collectCauses } from './cause-chain';
import { REDACTION_FAILED, defaultRedactor, redactText } from './default-redactor';
import { safeGet } from './error-brand';
import { codeOf, isPlainIdentifier, typeName } from './error-facts';
import { isFaultlineError } from './errors';
import { fingerprintWith } from './fingerprint';
import { errorStatus } from './http-status';
import { normalizeError } from './normalize';
import { PLAIN_TOKEN } from './plain-token';
import type { Redactor } from './redact';
import { remoteFactsOf } from './remote-facts';
import type { RemoteFacts } from './remote-facts';
import { reportOnce } from './report-once';
import { classifySeverity, isSeverity, statusOf } from './severity';
import type { SeverityRule } from './severity';
import { summarizeStack } from './stack-summary';
import type { Severity } from './types';
import { isValidUpstreamRequestId } from './upstream-id';

export interface RecordOptions {
  /** Defaults to one shared `createRedactor()`. */
  readonly redactor?: Redactor;
  /** Nobody handled it: severity critical, `faultline.error.unhandled` true. */
  readonly unhandled?: boolean;
  /** Overrides classification (an unhandled error stays critical). */
  readonly severity?: Severity;
  readonly rules?: readonly SeverityRule[];
  /** Byte budget of the recorded stack, 512 B – 1 MiB; default 8 KiB. Causes get a quarter each. */
  readonly maxStackBytes?: number;
  /** Written as `faultline.request_id` when it is a valid ID. */
  readonly requestId?: string;
  /**
   * The status the client actually received (400–599) when the app answered the failure itself: it is
   * the recorded status and what severity is classified by, in place of the error's own.
   */
  readonly answeredStatus?: number;
  /** When the failure happened, for the exception event (default: now), if it is recorded later. */
  readonly time?: TimeInput;
}

export interface CauseSummary {
  readonly type: string;
  readonly message: string;
  /** Where it sits: `cause`, `cause.cause`, `errors[0]`, `errors[0].cause`, … */
  readonly path: string;
  readonly code?: string;
  readonly stack?: string;
}

export interface ErrorSummary {
  /** The normalized original, NOT redacted: never export it. */
  readonly error: Error;
  readonly type: string;
  /** Redacted, at most 4,096 characters. */
  readonly message: string;
  /** Redacted, cut to the byte budget. */
  readonly stack?: string;
  readonly severity: Severity;
  readonly fingerprint: string;
  readonly code?: string;
  readonly status: number;
  /** The cause chain and AggregateError members, depth first: at most 10, at most 5 deep. */
  readonly causes: readonly CauseSummary[];
  /** Causes left out by those bounds. */
  readonly droppedCauses: number;
  readonly unhandled: boolean;
  readonly requestId?: string;
  /** What a remote service said, for a `RemoteError`. */
  readonly remote?: RemoteFacts;
}

export const DEFAULT_MAX_STACK_BYTES = 8 * 1024;
const MIN_STACK_BYTES = 512;
const MAX_STACK_BYTES = 1024 * 1024;
const MAX_MESSAGE = 4096;
const MAX_CAUSE_MESSAGE = 1024;
const MAX_TYPE = 128;
// eslint-disable-next-line no-control-regex -- control characters never belong in a type name or code
const CONTROL = /[\u0000-\u001f\u007f]+/g;
const UNAVAILABLE = '<stack unavailable>';

function stackBudget(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_STACK_BYTES;
  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_STACK_BYTES && value <= MAX_STACK_BYTES) return value;
  reportOnce(`maxStackBytes must be an integer from ${MIN_STACK_BYTES} to ${MAX_STACK_BYTES}; using ${DEFAULT_MAX_STACK_BYTES}`);
  return DEFAULT_MAX_STACK_BYTES;
}

function boundedMessage(raw: unknown, redactor: Redactor, max: number): string {
  if (typeof raw !== 'string') return '';
  const text = redactText(redactor, raw);
  return text.length > max ? `${text.slice(0, max)}… [cut to ${max} of ${raw.length} characters]` : text;
}

/** Identifiers pass as they are; anything else is redacted, stripped of control characters and bounded. */
function cleanToken(raw: string, redactor: Redactor, max: number, shape?: RegExp): string {
  if (shape === undefined ? isPlainIdentifier(raw) : shape.test(raw)) return raw;
  return redactText(redactor, raw.replace(CONTROL, ' ')).slice(0, max);
}

function recordedStack(raw: unknown, type: string, message: string, budget: number, redactor: Redactor): string | undefined {
  if (typeof raw !== 'string' || raw.endsWith(UNAVAILABLE)) return undefined;
  return summarizeStack(raw, message.length > 0 ? `${type}: ${message}` : type, budget, redactor);
}

function causesOf(root: Error, redactor: Redactor, budget: number): { causes: CauseSummary[]; dropped: number } {
  const { nodes, dropped } = collectCauses(root, DEFAULT_CAUSE_LIMITS);
  const causeBudget = Math.max(MIN_STACK_BYTES, Math.floor(budget / 4));
  const causes = nodes.map(({ error, path }): CauseSummary => {
    const type = cleanToken(typeName(error), redactor, MAX_TYPE);
    const message = boundedMessage(safeGet(error, 'message'), redactor, MAX_CAUSE_MESSAGE);
    const stack = recordedStack(safeGet(error, 'stack'), type, message, causeBudget, redactor);
    const rawCode = codeOf(error);
    return {
      type,
      message,
      path,
      ...(rawCode === undefined ? {} : { code: cleanToken(rawCode, redactor, 64, PLAIN_TOKEN) }),
      ...(stack === undefined ? {} : { stack }),
    };
  });
  return { causes, dropped };
}

function analyse(thrown: unknown, options: RecordOptions): ErrorSummary {
  const redactor = options.redactor ?? defaultRedactor();
  const budget = stackBudget(options.maxStackBytes);
  const error = normalizeError(thrown);
  const unhandled = options.unhandled === true;
  const rawType = typeName(error);
  const rawMessage = safeGet(error, 'message');
  const rawStack = safeGet(error, 'stack');
  const rawCode = codeOf(error);
  const type = cleanToken(rawType, redactor, MAX_TYPE);
  const message = boundedMessage(rawMessage, redactor, MAX_MESSAGE);
  const stack = recordedStack(rawStack, type, message, budget, redactor);
  const code = rawCode === undefined ? undefined : cleanToken(rawCode, redactor, 64, PLAIN_TOKEN);
  const answered = errorStatus(options.answeredStatus);
  const status = answered ?? (isFaultlineError(error) ? error.status : (statusOf(error) ?? 500));
  const severity = unhandled ? 'critical' : isSeverity(options.severity) ? options.severity : classifySeverity(error, { rules: options.rules, status: answered });
  const { causes, dropped } = causesOf(error, redactor, budget);
  const remote = remoteFactsOf(error);
  return {
    error,
    type,
    message,
    ...(stack === undefined ? {} : { stack }),
    severity,
    fingerprint: fingerprintWith(thrown, error, { type: rawType, code: rawCode, message: rawMessage, stack: rawStack }),
    ...(code === undefined ? {} : { code }),
    status,
    causes,
    droppedCauses: dropped,
    unhandled,
    ...(isValidUpstreamRequestId(options.requestId) ? { requestId: options.requestId } : {}),
    ...(remote === undefined ? {} : { remote }),
  };
}

interface Described {
  readonly redactor: Redactor | undefined;
  readonly options: RecordOptions;
  readonly summary: ErrorSummary;
}

// The problem answer and the logger describe the same error with the same options: the last analysis of
// each error object is kept, and reused when the options that shape it are the same. An analysis for one
// request (its request ID, the status it was answered with: the capture path's) is asked for once per
// request, so it is not kept: a WeakMap entry per failure cost more than the repeats it could save.
const described = new WeakMap<object, Described>();

function isKept(options: RecordOptions): boolean {
  return options.requestId === undefined && options.answeredStatus === undefined;
}

function sameShape(a: RecordOptions, b: RecordOptions): boolean {
  return (
    a.unhandled === b.unhandled &&
    a.severity === b.severity &&
    a.rules === b.rules &&
    a.maxStackBytes === b.maxStackBytes &&
    a.requestId === b.requestId &&
    a.answeredStatus === b.answeredStatus
  );
}

/** The analysis recordError does, without a span (for logs and responses). Never throws. */
export function describeError(error: unknown, options: RecordOptions = {}): ErrorSummary {
  try {
    const key = typeof error === 'object' && error !== null && isKept(options) ? error : undefined;
    const previous = key === undefined ? undefined : described.get(key);
    if (previous !== undefined && previous.redactor === options.redactor && sameShape(previous.options, options)) {
      return previous.summary;
    }
    const summary = Object.freeze(analyse(error, options));
    if (key !== undefined) described.set(key, { redactor: options.redactor, options: { ...options }, summary });
    return summary;
  } catch (internal) {
    reportOnce('describing an error failed; a minimal summary was used', internal);
    return {
      error: normalizeError(error),
      type: 'Error',
      message: REDACTION_FAILED,
      severity: options.unhandled === true ? 'critical' : 'high',
      fingerprint: '0000000000000000',
      status: 500,
      causes: [],
      droppedCauses: 0,
      unhandled: options.unhandled === true,
    };
  }
}
