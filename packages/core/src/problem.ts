// RFC 9457 problem details for any error. Production shows the generic title, the request ID, the code
// and only what the error class exposes; development adds the redacted message, stack and cause chain.
import { defaultRedactor, redactText } from './default-redactor';
import { describeError } from './describe';
import { safeGet } from './error-brand';
import { isFaultlineError } from './errors';
import { statusTitle } from './http-status';
import { PLAIN_TOKEN } from './plain-token';
import { looksInternal } from './problem-safety';
import type { Redactor } from './redact';
import { reportOnce } from './report-once';
import { statusOf } from './severity';
import type { Mode } from './types';
import { isValidUpstreamRequestId } from './upstream-id';
import { sanitizeIssues } from './validation-issues';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  requestId?: string;
  detail?: string;
  code?: string;
  [member: string]: unknown;
}

export interface ProblemOptions {
  readonly mode: Mode;
  readonly requestId?: string;
  readonly redactor?: Redactor;
  /** When set, `type` is this base plus the code in kebab case (`…/order-not-found`); else `about:blank`. */
  readonly typeBaseUri?: string;
}

const MAX_DETAIL = 1000;

function problemType(code: string | undefined, base: string | undefined): string {
  if (code === undefined || base === undefined || base.length === 0) return 'about:blank';
  return `${base}${encodeURIComponent(code.toLowerCase().replace(/_/g, '-'))}`;
}

function isRemote(error: unknown): boolean {
  return safeGet(error, 'remoteStatus') !== undefined && safeGet(error, 'expose') === false;
}

/** The detail a production client may read: a fixed public detail, or an exposed message that looks safe. */
function productionDetail(error: unknown, redactor: Redactor): string | undefined {
  if (!isFaultlineError(error) || error.expose !== true) return undefined;
  const fixed = safeGet(error, 'publicDetail');
  if (typeof fixed === 'string') return fixed;
  const message = safeGet(error, 'message');
  if (typeof message !== 'string' || message.length === 0) return undefined;
  const text = redactText(redactor, message).slice(0, MAX_DETAIL);
  return looksInternal(text) ? undefined : text;
}

const MAX_COPY_DEPTH = 64;

/**
 * `value` with every bigint turned into its decimal string, so the body always survives JSON.stringify
 * (a `details: { id: 10n }` would otherwise throw in whoever serialises it). Arrays and plain objects are
 * copied; anything else is kept as it is.
 */
function withoutBigInts(value: unknown, depth = 0, seen: Set<object> = new Set()): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object' || depth >= MAX_COPY_DEPTH || seen.has(value)) return value;
  const isArray = Array.isArray(value);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!isArray && proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  try {
    if (isArray) return (value as unknown[]).map((item) => withoutBigInts(item, depth + 1, seen));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, { value: withoutBigInts(item, depth + 1, seen), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

/**
 * The code a client may read. A class with a fixed public detail (401, 409) answers its own default code
 * in every mode: a custom one (`USER_NOT_FOUND`, `EMAIL_TAKEN`) would say what the fixed detail hides.
 */
function publicCode(error: unknown): string | undefined {
  const fixed = typeof safeGet(error, 'publicDetail') === 'string';
  const raw = safeGet(error, fixed ? 'publicCode' : 'code');
  return typeof raw === 'string' && PLAIN_TOKEN.test(raw) ? raw : undefined;
}

/** Members specific to a class: validation issues, rate-limit retry time. Safe in every mode. */
function classMembers(error: unknown, status: number, redactor: Redactor): Record<string, unknown> {
  if (!isFaultlineError(error)) return {};
  const members: Record<string, unknown> = {};
  const issues = safeGet(error, 'issues');
  if (status === 400 && Array.isArray(issues) && issues.length > 0) members.errors = withoutBigInts(redactor.redact(sanitizeIssues(issues)));
  const retryAfter = safeGet(error, 'retryAfterSeconds');
  if (status === 429 && typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter >= 0) {
    members.retryAfter = retryAfter;
  }
  return members;
}

/** Development adds what a developer needs to debug: message, stack, causes, details, all redacted. */
function developmentMembers(error: unknown, redactor: Redactor): Record<string, unknown> {
  if (isRemote(error)) {
    // A remote's message and stack never reach our clients, not even in development.
    const remote = { status: safeGet(error, 'remoteStatus'), code: safeGet(error, 'remoteCode'), service: safeGet(error, 'service') };
    return { remote: JSON.parse(JSON.stringify(withoutBigInts(remote))) as unknown };
  }
  const summary = describeError(error, { redactor });
  const details = isFaultlineError(error) ? safeGet(error, 'details') : undefined;
  return {
    detail: summary.message,
    exception: { type: summary.type, ...(summary.stack === undefined ? {} : { stack: summary.stack }) },
    ...(summary.causes.length > 0 ? { causes: summary.causes.map(({ type, message, path }) => ({ path, type, message })) } : {}),
    ...(details !== undefined && details !== null && typeof details === 'object' ? { details: withoutBigInts(redactor.redact(details)) } : {}),
  };
}

function build(error: unknown, options: ProblemOptions): ProblemDetails {
  const redactor = options.redactor ?? defaultRedactor();
  const faultline = isFaultlineError(error);
  const status = statusOf(error) ?? 500;
  const code = faultline ? publicCode(error) : undefined;
  const problem: ProblemDetails = { type: problemType(code, options.typeBaseUri), title: statusTitle(status), status };
  if (isValidUpstreamRequestId(options.requestId)) problem.requestId = options.requestId;
  if (code !== undefined) problem.code = code;
  if (options.mode === 'development') Object.assign(problem, developmentMembers(error, redactor));
  else {
    const detail = productionDetail(error, redactor);
    if (detail !== undefined) problem.detail = detail;
  }
  return Object.assign(problem, classMembers(error, status, redactor));
}

/** The RFC 9457 body for `error`. Never throws: on an internal failure it answers a bare 500 problem. */
export function toProblem(error: unknown, options: ProblemOptions): ProblemDetails {
  try {
    return build(error, options);
  } catch (internal) {
    reportOnce('building a problem body failed; a bare 500 was used', internal);
    const problem: ProblemDetails = { type: 'about:blank', title: statusTitle(500), status: 500 };
    if (isValidUpstreamRequestId(options.requestId)) problem.requestId = options.requestId;
    return problem;
  }
}
