// Process-level failures. Decisions (documented in docs/preload.md):
// - unhandledRejection: recorded as critical (on the active span if it is still recording, else on a
//   short `unhandledRejection` span in the active trace), logged once, and the process serves on:
//   one forgotten `await` must not take a service down. FAULTLINE_EXIT_ON_UNHANDLED_REJECTION=true
//   treats it like an uncaught exception instead.
// - uncaughtException: the process is in an unknown state. Recorded as critical on a short
//   `uncaughtException` span (the active span may never end now), logged, telemetry flushed within
//   FAULTLINE_CRASH_FLUSH_TIMEOUT_MS, then exit code 1, as Node would have done.
// - If the app listens for either event itself, its listener decides what happens next: Faultline
//   records and flushes but neither exits nor prints; the app's handler runs as it would have.
import { context, SpanKind, trace } from '@opentelemetry/api';
import { ATTR_UNHANDLED, recordErrorWith } from '@faultline/core';
import { DIRECT_SPAN_WRITES } from '../capture/direct-span-writes';
import type { ErrorSummary, Redactor } from '@faultline/core';
import type { Span } from '@opentelemetry/api';
import type { FaultlineConfig } from '../config';
import { warnOnce } from '../diag';
import { countFailure } from '../capture/failure-counter';
import { logFailure } from '../capture/failure-log';
import { getRequestId } from '../http/request-context';
import { failureContext } from '../tasks/microtask-context';
import { failureSpanContext } from '../sampling/sampling-gate';
import { flushTelemetry, reportLosses } from './shutdown';

type Source = 'uncaughtException' | 'unhandledRejection';

const TRACER_NAME = '@faultline/node';
let installed: (() => void) | undefined;
let exiting = false;

function record(error: unknown, source: Source, redactor: Redactor): ErrorSummary | undefined {
  try {
    const active = trace.getActiveSpan();
    const onActive = source === 'unhandledRejection' && active?.isRecording() === true;
    const span: Span = onActive && active
      ? active
      : trace.getTracer(TRACER_NAME).startSpan(source, { kind: SpanKind.INTERNAL, attributes: { [ATTR_UNHANDLED]: true } }, failureSpanContext());
    const requestId = getRequestId();
    // recordError also marks the span failed (status ERROR, error.type, severity, fingerprint).
    const summary = recordErrorWith(span, error, { redactor, unhandled: true, severity: 'critical', requestId }, DIRECT_SPAN_WRITES);
    if (!onActive) span.end();
    logFailure(summary, { requestId, unhandled: true, source });
    countFailure(summary);
    return summary;
  } catch (failure) {
    warnOnce(`record:${source}`, `recording an ${source} failed`, failure);
    return undefined;
  }
}

/** Prints what Node would have printed (redacted), flushes within the bound, exits with code 1. */
function exitAfterFlush(summary: ErrorSummary | undefined, source: Source, timeoutMs: number): void {
  if (exiting) return;
  exiting = true;
  const what = summary ? (summary.stack ?? `${summary.type}: ${summary.message}`) : `${source} (not recorded)`;
  try {
    process.stderr.write(`${what}\nfaultline: ${source}; flushing telemetry (bounded), then exiting with code 1\n`);
  } catch {
    // stderr may be closed; the exit below still matters more.
  }
  // Export sockets and timers are unref'd (export-keeps-no-process.ts), so this timer is what keeps the
  // process alive until the flush is done, and the exit code says it crashed even if it ends anyway.
  process.exitCode = 1;
  const keepAlive = setTimeout(() => {}, timeoutMs + 1_000);
  void flushTelemetry(timeoutMs).finally(() => {
    clearTimeout(keepAlive);
    reportLosses();
    process.exit(1);
  });
}

export function installProcessHandlers(config: FaultlineConfig, redactor: Redactor): () => void {
  if (installed) return installed;

  const onUncaughtException = (error: unknown) => {
    if (exiting) return;
    // In the context the failure was thrown in, where that context would otherwise be lost.
    const summary = context.with(failureContext(error) ?? context.active(), () => record(error, 'uncaughtException', redactor));
    const appHandlesIt = process.listenerCount('uncaughtException') > 1;
    if (appHandlesIt || !config.exitOnUncaughtException) {
      void flushTelemetry(config.crashFlushTimeoutMs);
      return;
    }
    exitAfterFlush(summary, 'uncaughtException', config.crashFlushTimeoutMs);
  };

  const onUnhandledRejection = (reason: unknown) => {
    if (exiting) return;
    const summary = record(reason, 'unhandledRejection', redactor);
    const appHandlesIt = process.listenerCount('unhandledRejection') > 1;
    if (config.exitOnUnhandledRejection && !appHandlesIt) exitAfterFlush(summary, 'unhandledRejection', config.crashFlushTimeoutMs);
  };

  process.on('uncaughtException', onUncaughtException);
  process.on('unhandledRejection', onUnhandledRejection);
  installed = () => {
    process.removeListener('uncaughtException', onUncaughtException);
    process.removeListener('unhandledRejection', onUnhandledRejection);
    installed = undefined;
  };
  return installed;
}
