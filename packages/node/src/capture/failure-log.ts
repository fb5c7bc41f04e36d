// One log record per recorded failure, so the logs and the trace tell the same story: the capture paths
// (frameworks, process handlers) call logFailure exactly once per failure they record on a span.
// The record uses the OpenTelemetry semantic-convention exception attributes and Faultline's own span
// attribute names; its level is the failure's severity (low info, medium warn, high error, critical fatal),
// with OTel severity numbers 9, 13, 17, 21 (core's SEVERITY_NUMBER). It goes to stdout as a JSON line
// (composed in logs/failure-lines.ts, not by pino) and to the Collector through the SDK's own log pipeline
// (exported from this thread; marked as already scrubbed, so the export pass does not scan it again): a
// failure never wakes the pino log worker, and an app that logs nothing itself never starts it.
import { logs } from '@opentelemetry/api';
import type { Attributes, Logger as OtelLogger } from '@opentelemetry/api';
import type { CauseSummary, ErrorSummary, Severity } from '@faultline/core';
import { ATTR_ERROR_CODE, ATTR_ERROR_STATUS, ATTR_FINGERPRINT, ATTR_SEVERITY, ATTR_UNHANDLED, SEVERITY_NUMBER, remoteAttributes } from '@faultline/core';
import { warnOnce } from '../diag';
import type * as FailureLinesModule from '../logs/failure-lines';
import { addCorrelation } from '../logs/log-correlation';
import { packageVersion } from '../package-version';
import { emitPrescrubbedRecord } from './prescrubbed';
import { getRuntime } from '../runtime';

export interface FailureContext {
  readonly requestId?: string;
  readonly unhandled?: boolean;
  /** Where the failure was caught: 'express', 'fastify', 'koa', 'http', 'uncaughtException', ... */
  readonly source: string;
  /**
   * The failure's exception event (stack, causes with theirs) is on a sampled span, which is exported:
   * the OTLP record then leaves the stacks to it and links to it by its trace and span IDs.
   */
  readonly stackOnSpan?: boolean;
}

const LEVEL: Readonly<Record<Severity, 'info' | 'warn' | 'error' | 'fatal'>> = {
  low: 'info',
  medium: 'warn',
  high: 'error',
  critical: 'fatal',
};

/**
 * The fields of a failure record, added to `fields`; everything in a summary is already redacted. Without
 * stacks: no `exception.stacktrace`, and the causes without theirs (the span's exception event has them).
 */
export function failureFields(summary: ErrorSummary, context: FailureContext, withStacks = true, fields: Record<string, unknown> = {}): Record<string, unknown> {
  fields['exception.type'] = summary.type;
  fields['exception.message'] = summary.message;
  fields[ATTR_SEVERITY] = summary.severity;
  fields[ATTR_FINGERPRINT] = summary.fingerprint;
  fields[ATTR_ERROR_STATUS] = summary.status;
  fields[ATTR_UNHANDLED] = context.unhandled === true;
  fields['faultline.source'] = context.source;
  if (withStacks && summary.stack !== undefined) fields['exception.stacktrace'] = summary.stack;
  if (summary.code !== undefined) fields[ATTR_ERROR_CODE] = summary.code;
  if (summary.causes.length > 0) fields['faultline.error.causes'] = withStacks ? summary.causes : summary.causes.map(withoutStack);
  if (context.requestId !== undefined) fields.request_id = context.requestId;
  if (summary.remote !== undefined) Object.assign(fields, remoteAttributes(summary.remote));
  return fields;
}

function withoutStack(cause: CauseSummary): CauseSummary {
  if (cause.stack === undefined) return cause;
  const { stack: _stack, ...rest } = cause;
  return rest;
}

let shipper: OtelLogger | undefined;
let linesModule: typeof FailureLinesModule | undefined;

/**
 * The stdout line writer, loaded at the first failure rather than at start-up (it loads pino's
 * destination). The module is kept: a require() per failure goes through every require hook the
 * instrumentations installed (µs each time).
 */
function stdoutLines(): FailureLinesModule.FailureLines | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred: pino is not needed to start.
  linesModule ??= require('../logs/failure-lines') as typeof FailureLinesModule;
  return linesModule.stdoutFailureLines();
}

/** Writes out the failure lines still buffered for stdout (nothing when no failure was logged yet). */
export function flushFailureLines(): void {
  linesModule?.flushStdoutLines();
}

/** The SDK's logger for failure records, once the preload started the SDK (else nothing is shipped). */
function otlpShipper(): OtelLogger | undefined {
  if (shipper === undefined && getRuntime()?.sdkStarted === true) shipper = logs.getLogger('@faultline/node', packageVersion);
  return shipper;
}

/**
 * Logs one recorded failure. Never throws. Everything in the summary is redacted already (core's
 * redactor, the rules spans get), so neither the stdout line nor the OTLP record is scanned again.
 */
export function logFailure(summary: ErrorSummary, context: FailureContext): void {
  try {
    const level = LEVEL[summary.severity] ?? 'error';
    const message = `${summary.type}: ${summary.message}`;
    const shipper = otlpShipper();
    if (shipper !== undefined) {
      // The stack goes out once: on the exported span's exception event when there is one, else here.
      const attributes = failureFields(summary, context, context.stackOnSpan !== true, { name: 'faultline' }) as Attributes;
      emitPrescrubbedRecord(shipper, { severityNumber: SEVERITY_NUMBER[summary.severity], severityText: level, body: message }, attributes);
    }
    const lines = stdoutLines();
    if (lines !== undefined) {
      // The active trace first, where instrumentation-pino's mixin puts it on pino's lines.
      const fields: Record<string, unknown> = {};
      addCorrelation(fields);
      lines.write(level, failureFields(summary, context, true, fields), message);
    }
  } catch (error) {
    warnOnce('log-failure', 'logging a recorded failure failed', error);
  }
}
