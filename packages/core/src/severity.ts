// Severity decides who gets woken up. Order: unhandled → critical; then the error's own explicit value;
// then the first matching rule; then the HTTP status; anything unknown is high (it escaped every plan).
import { hasFaultlineBrand, safeGet } from './error-brand';
import { codeOf } from './error-facts';
import { errorStatus } from './http-status';
import type { Severity } from './types';

/** OpenTelemetry log SeverityNumber for each severity: INFO, WARN, ERROR, FATAL. */
export const SEVERITY_NUMBER: Readonly<Record<Severity, number>> = Object.freeze({
  low: 9,
  medium: 13,
  high: 17,
  critical: 21,
});

/** All severities, least urgent first. */
export const SEVERITIES: readonly Severity[] = Object.freeze(['low', 'medium', 'high', 'critical'] as const);

/**
 * A classification rule. Every condition given must match (a rule with none matches everything, so it
 * can close a list as the default). `type` is the error's name or class name; `status` a number or an
 * inclusive `[from, to]` range; `message` is tested against at most the first 1,024 characters.
 */
export interface SeverityRule {
  readonly type?: string;
  readonly code?: string;
  readonly message?: RegExp;
  readonly status?: number | readonly [number, number];
  readonly severity: Severity;
}

export interface ClassifyOptions {
  /** Nobody handled it (uncaught exception, unhandled rejection): always critical. */
  readonly unhandled?: boolean;
  readonly rules?: readonly SeverityRule[];
  /** The status the client received, when the app answered; used in place of the error's own. */
  readonly status?: number;
}

const MESSAGE_WINDOW = 1024;
/** 4xx statuses that hint at abuse or misconfiguration rather than one bad request. */
const MEDIUM_CLIENT_STATUSES: ReadonlySet<number> = new Set([401, 403, 429]);

export function isSeverity(value: unknown): value is Severity {
  return value === 'low' || value === 'medium' || value === 'high' || value === 'critical';
}

/** The error's explicit severity: an instance or prototype `severity`, else a static one on its class. */
function explicitSeverity(error: unknown): Severity | undefined {
  const own = safeGet(error, 'severity');
  if (isSeverity(own)) return own;
  const fromClass = safeGet(safeGet(error, 'constructor'), 'severity');
  return isSeverity(fromClass) ? fromClass : undefined;
}

/**
 * True when the error describes another service's answer rather than ours: an HTTP client's error that
 * carries the downstream response (axios, got and fetch wrappers keep it as `response`; axios also copies
 * its status onto the error). That status is someone else's: a dependency's 401 or 404 is not our answer.
 */
function describesDownstreamAnswer(error: unknown): boolean {
  const response = safeGet(error, 'response');
  if (response !== null && typeof response === 'object') return true;
  return safeGet(error, 'isAxiosError') === true || safeGet(error, 'name') === 'AxiosError';
}

/**
 * The HTTP status an error answers with (`status`, else `statusCode`, 400–599), if any, as Express's
 * finalhandler and Koa read it: Faultline errors keep theirs; other errors too, unless they carry a
 * downstream response (see describesDownstreamAnswer), whose status stays ours to classify.
 */
export function statusOf(error: unknown): number | undefined {
  if (!hasFaultlineBrand(error) && describesDownstreamAnswer(error)) return undefined;
  return errorStatus(safeGet(error, 'status')) ?? errorStatus(safeGet(error, 'statusCode'));
}

function typeMatches(error: unknown, type: string): boolean {
  return safeGet(error, 'name') === type || safeGet(safeGet(error, 'constructor'), 'name') === type;
}

function statusMatches(status: number | undefined, wanted: number | readonly [number, number]): boolean {
  if (status === undefined) return false;
  return typeof wanted === 'number' ? status === wanted : status >= wanted[0] && status <= wanted[1];
}

function messageMatches(error: unknown, pattern: RegExp): boolean {
  const message = safeGet(error, 'message');
  if (typeof message !== 'string') return false;
  // search() ignores lastIndex, so a /g or /y rule gives the same answer every time.
  return message.slice(0, MESSAGE_WINDOW).search(pattern) !== -1;
}

function ruleMatches(rule: SeverityRule, error: unknown, status: number | undefined): boolean {
  if (rule.type !== undefined && !typeMatches(error, rule.type)) return false;
  if (rule.code !== undefined && codeOf(error) !== rule.code) return false;
  if (rule.status !== undefined && !statusMatches(status, rule.status)) return false;
  if (rule.message !== undefined && !messageMatches(error, rule.message)) return false;
  return true;
}

/** Default by status: 401/403/429 medium, other 4xx low, 5xx high. */
export function severityForStatus(status: number): Severity {
  if (status >= 500) return 'high';
  return MEDIUM_CLIENT_STATUSES.has(status) ? 'medium' : 'low';
}

/** Classifies any thrown value; never throws (a rule that throws is skipped). */
export function classifySeverity(error: unknown, options: ClassifyOptions = {}): Severity {
  if (options.unhandled === true) return 'critical';
  const explicit = explicitSeverity(error);
  if (explicit !== undefined) return explicit;
  const status = errorStatus(options.status) ?? statusOf(error);
  for (const rule of options.rules ?? []) {
    try {
      if (isSeverity(rule.severity) && ruleMatches(rule, error, status)) return rule.severity;
    } catch {
      // A hostile RegExp subclass or rule object: ignore that rule.
    }
  }
  return status === undefined ? 'high' : severityForStatus(status);
}

/** The more urgent of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_NUMBER[a] >= SEVERITY_NUMBER[b] ? a : b;
}
