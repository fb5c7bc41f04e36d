// One log record per recorded failure, so the logs and the trace tell the same story: the capture paths
// (frameworks, process handlers) call logFailure exactly once per failure they record on a span.
// The record uses the OpenTelemetry semantic-convention exception attributes and Faultline's own span
// attribute names; its level is the failure's severity (low info, medium warn, high error, critical fatal),
// which pino-opentelemetry-transport maps to OTel severity numbers 9, 13, 17, 21 (core's SEVERITY_NUMBER).
import type { ErrorSummary, Severity } from '@faultline/core';
import { ATTR_ERROR_CODE, ATTR_ERROR_STATUS, ATTR_FINGERPRINT, ATTR_SEVERITY, ATTR_UNHANDLED } from '@faultline/core';
import { warnOnce } from './diag';
import { faultlineLogger } from './logger';

export interface FailureContext {
  readonly requestId?: string;
  readonly unhandled?: boolean;
  /** Where the failure was caught: 'express', 'fastify', 'koa', 'http', 'uncaughtException', ... */
  readonly source: string;
}

const LEVEL: Readonly<Record<Severity, 'info' | 'warn' | 'error' | 'fatal'>> = {
  low: 'info',
  medium: 'warn',
  high: 'error',
  critical: 'fatal',
};

/** The fields of a failure record; everything in a summary is already redacted. */
export function failureFields(summary: ErrorSummary, context: FailureContext): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    'exception.type': summary.type,
    'exception.message': summary.message,
    [ATTR_SEVERITY]: summary.severity,
    [ATTR_FINGERPRINT]: summary.fingerprint,
    [ATTR_ERROR_STATUS]: summary.status,
    [ATTR_UNHANDLED]: context.unhandled === true,
    'faultline.source': context.source,
  };
  if (summary.stack !== undefined) fields['exception.stacktrace'] = summary.stack;
  if (summary.code !== undefined) fields[ATTR_ERROR_CODE] = summary.code;
  if (summary.causes.length > 0) fields['faultline.error.causes'] = summary.causes;
  if (context.requestId !== undefined) fields.request_id = context.requestId;
  return fields;
}

/** Logs one recorded failure through Faultline's own logger. Never throws. */
export function logFailure(summary: ErrorSummary, context: FailureContext): void {
  try {
    faultlineLogger()[LEVEL[summary.severity] ?? 'error'](failureFields(summary, context), `${summary.type}: ${summary.message}`);
  } catch (error) {
    warnOnce('log-failure', 'logging a recorded failure failed', error);
  }
}
