// record: what recording one error costs. Each iteration throws a fresh error from the same place (a
// new occurrence of a known bug, with a different ID and a secret-looking token in its message) and
// records it on a fresh span of the real OpenTelemetry SDK; only the recording call is timed. Baseline
// in the same run: the SDK's own `span.recordException` (no redaction, no fingerprint, no causes).
// Run: `npm run bench -- record` (BENCH_TIME_MS tunes the time per case). Fake secrets only.
import { performance } from 'node:perf_hooks';
import type { Span } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createRedactor, describeError, recordError } from '../packages/core/src/index';
import { measure, type BenchOptions, type BenchRow } from './lib/measure';

const tracer = new TracerProvider().getTracer('bench');
const redactor = createRedactor();
let sequence = 0;

function chargeCard(orderId: number): never {
  throw new Error(`payment for order ${orderId} declined: gateway answered 402 for token=sk_test_${'a1b2c3d4'.repeat(3)}`);
}

function typicalError(): Error {
  sequence += 1;
  try {
    chargeCard(sequence);
  } catch (error) {
    return error as Error;
  }
  throw new Error('unreachable');
}

/** A never-seen stack every time: nothing cached helps. */
function newBug(): Error {
  const error = typicalError();
  error.stack = (error.stack ?? '').replace(/chargeCard/g, `chargeCard${sequence}`);
  return error;
}

function withCauses(): Error {
  return new Error('checkout failed', { cause: new Error('payment step failed', { cause: typicalError() }) });
}

/** Times `work` alone: span and error are made outside the measured part. */
function timed(make: () => unknown, work: (span: Span, error: unknown) => void): () => { overriddenDuration: number } {
  return () => {
    const error = make();
    const span = tracer.startSpan('operation');
    const start = performance.now();
    work(span, error);
    const duration = performance.now() - start;
    span.end();
    return { overriddenDuration: duration };
  };
}

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  // tsx turns source maps on, which makes V8 format every stack about 3× slower; services run without.
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    return await measure(
      [
        { name: 'baseline: OpenTelemetry span.recordException (unredacted)', fn: timed(typicalError, (span, error) => span.recordException(error as Error)) },
        { name: 'recordError: known bug, new occurrence', fn: timed(typicalError, (span, error) => recordError(span, error, { redactor })) },
        { name: 'recordError: never-seen stack (cold caches)', fn: timed(newBug, (span, error) => recordError(span, error, { redactor })) },
        { name: 'recordError: with a two-level cause chain', fn: timed(withCauses, (span, error) => recordError(span, error, { redactor })) },
        { name: 'describeError: no span', fn: timed(typicalError, (_span, error) => describeError(error, { redactor })) },
      ],
      options,
    );
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
}
