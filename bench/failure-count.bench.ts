// failure-count: what counting one failure in the SDK costs (the `faultline.failures` counter the alert
// rules read), beside what recording that failure already costs. Real OpenTelemetry SDK meter provider
// with a reader, the request's route in the active context as in a served request, 20 bugs in rotation.
// Run: `npm run bench -- failure-count` (BENCH_TIME_MS tunes the time per case).
import { context, metrics, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { RPCType, setRPCMetadata } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createRedactor, describeError, recordError } from '../packages/core/src/index';
import type { ErrorSummary } from '../packages/core/src/index';
import { countFailure, registerFailureCounter } from '../packages/node/src/capture/failure-counter';
import { measure, type BenchOptions, type BenchRow } from './lib/measure';

class PullReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const tracer = new TracerProvider().getTracer('bench');
const redactor = createRedactor();

class LedgerError extends Error { override name = 'LedgerError'; }
const errors = Array.from({ length: 20 }, (_, i) => {
  const error = new LedgerError(`ledger ${i} does not balance`);
  error.stack = (error.stack ?? '').replace('LedgerError', `LedgerError${i}`);
  return error;
});
const summaries: ErrorSummary[] = errors.map((error) => describeError(error, { redactor }));
let turn = 0;

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PullReader()] }));
  registerFailureCounter();
  const span: Span = tracer.startSpan('GET /ledger/:id');
  const request = setRPCMetadata(context.active(), { type: RPCType.HTTP, route: '/ledger/:id', span });
  try {
    return await context.with(request, () => measure([
      { name: 'recordError: known bug, new occurrence (what a failure costs already)', fn: () => {
        const target = tracer.startSpan('operation');
        recordError(target, errors[(turn += 1) % errors.length], { redactor });
        target.end();
      } },
      { name: 'countFailure: one add to faultline.failures (4 attributes)', fn: () => countFailure(summaries[(turn += 1) % summaries.length]!) },
    ], options));
  } finally {
    span.end();
    metrics.disable();
    context.disable();
    trace.disable();
  }
}
