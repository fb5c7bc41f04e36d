// Why an export failed, in the few words the counters, the outage warnings and the faultline.sdk.*
// metrics use. A 2xx whose body is not a valid OTLP response, or that reports items rejected (partial
// success), is a failure too: the OTLP exporter counts both as success and only logs them.
import type { ExportResult } from '@opentelemetry/core';

/** `network`: refused, reset or timed out; `http_error`: a non-2xx status after the exporter's retries. */
export type FailureReason = 'network' | 'http_error' | 'bad_response' | 'partial_success';
/** What an item can be lost to: a failed export, or the buffer dropping it (full, or never sent by exit). */
export type LossReason = FailureReason | 'buffer_full';

export const FAILURE_REASONS: readonly FailureReason[] = ['network', 'http_error', 'bad_response', 'partial_success'];
export const LOSS_REASONS: readonly LossReason[] = ['buffer_full', ...FAILURE_REASONS];

/** A 2xx answer whose body is not an OTLP export response. */
export class BadResponseError extends Error {
  override readonly name = 'BadResponseError';
}

/** A 2xx answer that says the Collector rejected some of the items. */
export class PartialSuccessError extends Error {
  override readonly name = 'PartialSuccessError';
  constructor(readonly rejected: number, message: string) {
    super(message);
  }
}

export function failureReason(result: ExportResult): FailureReason {
  const error = result.error;
  if (error instanceof BadResponseError) return 'bad_response';
  if (error instanceof PartialSuccessError) return 'partial_success';
  // OTLPExporterError carries the HTTP status as a number; network errors carry a string code (ECONNRESET).
  return typeof (error as { code?: unknown } | undefined)?.code === 'number' ? 'http_error' : 'network';
}

/** Items lost by a failed export: all of them, or only those the Collector said it rejected. */
export function itemsLost(result: ExportResult, batchSize: number): number {
  const error = result.error;
  return error instanceof PartialSuccessError ? Math.min(batchSize, Math.max(1, error.rejected)) : batchSize;
}

export function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}
