// How an error looks in a log line: core's describeError does the analysis (type, redacted message, stack cut
// like the span recorder cuts it, severity, fingerprint, cause chain), so a logged error and a recorded one
// tell the same story. The error's own properties (a driver's `query`, an HTTP client's `url`, ...) follow,
// redacted, but only data: class instances such as sockets or requests are left out.
import { types } from 'node:util';
import { describeError } from '@faultline/core';
import type { ErrorSummary, Redactor } from '@faultline/core';

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  status: number;
  severity: string;
  fingerprint: string;
  causes?: ReadonlyArray<{ type: string; message: string }>;
  [property: string]: unknown;
}

/** Own properties already described by the summary (or never worth a field). */
const DESCRIBED = new Set(['name', 'message', 'stack', 'cause', 'code', 'status', 'statusCode', 'severity', 'errors', 'expose', 'title']);
const MAX_OWN_PROPERTIES = 20;

function isData(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

function ownData(error: unknown): Record<string, unknown> | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  let data: Record<string, unknown> | undefined;
  let count = 0;
  for (const key of Object.keys(error)) {
    if (DESCRIBED.has(key) || count >= MAX_OWN_PROPERTIES) continue;
    let value: unknown;
    try {
      value = (error as Record<string, unknown>)[key];
    } catch {
      continue; // a throwing getter is not worth a log line
    }
    if (value === undefined || !isData(value)) continue;
    (data ??= {})[key] = value;
    count += 1;
  }
  return data;
}

/** An Error, including one from another realm (vm, worker message). */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** The log form of an ErrorSummary (without own properties): what logFailure writes too. */
export function summaryFields(summary: ErrorSummary): SerializedError {
  const fields: SerializedError = {
    type: summary.type,
    message: summary.message,
    status: summary.status,
    severity: summary.severity,
    fingerprint: summary.fingerprint,
  };
  if (summary.stack !== undefined) fields.stack = summary.stack;
  if (summary.code !== undefined) fields.code = summary.code;
  if (summary.causes.length > 0) fields.causes = summary.causes;
  return fields;
}

/** Serialises anything thrown into redacted, JSON-safe fields. Never throws. */
export function serializeError(error: unknown, redactor: Redactor): SerializedError {
  try {
    const fields = summaryFields(describeError(error, { redactor }));
    const own = ownData(error);
    if (own !== undefined) {
      const redacted = redactor.redact(own);
      for (const key of Object.keys(redacted)) if (!(key in fields)) fields[key] = redacted[key];
    }
    return fields;
  } catch {
    return { type: 'Error', message: '[error could not be serialised]', status: 500, severity: 'high', fingerprint: '' };
  }
}
