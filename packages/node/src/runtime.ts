// The live state the preload set up, for the other parts of @faultline/node (framework capture, logger)
// to read: the frozen config and the redactor every exported value goes through.
import type { Redactor } from '@faultline/core';
import type { FaultlineConfig } from './config';
import type { ErrorBufferStats } from './sampling/error-keeping-processor';
import type { FreshFirstStats } from './export/fresh-first-exporter';

export interface Runtime {
  readonly config: FaultlineConfig;
  readonly redactor: Redactor;
  /** True when the OpenTelemetry SDK was started by the preload (false when disabled or it failed). */
  readonly sdkStarted: boolean;
  /** Counts of the error-keeping buffer: unsampled traces kept for a failure, discarded, evicted; spans dropped. */
  readonly errorBufferStats?: Readonly<ErrorBufferStats>;
  /** Counts of the export buffers: items dropped and failed (in all and by reason), export requests failed, items pending. */
  readonly exportStats?: { readonly spans?: Readonly<FreshFirstStats>; readonly logs?: Readonly<FreshFirstStats> };
}

let current: Runtime | undefined;

/** The runtime set up by `@faultline/node/instrument`, or undefined when the preload is not active. */
export function getRuntime(): Runtime | undefined {
  return current;
}

export function setRuntime(runtime: Runtime | undefined): void {
  current = runtime;
}
