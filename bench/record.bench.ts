// record: what recording one error costs. Each iteration throws a fresh error from the same place (a
// new occurrence of a known bug, with a different ID and a secret-looking token in its message) and
// records it on a fresh span of the real OpenTelemetry SDK; only the recording call is timed. Baseline
// in the same run: the SDK's own `span.recordException` (no redaction, no fingerprint, no causes).
// Standalone: `npx tsx bench/record.bench.ts` (BENCH_TIME_MS tunes it); `run()` is exported for the runner.
import { performance } from 'node:perf_hooks';
import type { Span } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Bench } from 'tinybench';
import { createRedactor, describeError, recordError } from '../packages/core/src/index';

// tsx turns on source maps, which makes V8 format every stack about 3× slower; services run without.
process.setSourceMapsEnabled(false);

const tracer = new BasicTracerProvider().getTracer('bench');
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

export interface RecordResult {
  readonly name: string;
  readonly medianMicros: number;
  readonly p99Micros: number;
  readonly samples: number;
}

export async function run(options: { timeMs?: number } = {}): Promise<RecordResult[]> {
  const bench = new Bench({ time: options.timeMs ?? 1500, warmupTime: 300 });
  bench
    .add('baseline: OpenTelemetry span.recordException (unredacted)', timed(typicalError, (span, error) => span.recordException(error as Error)))
    .add('recordError: known bug, new occurrence', timed(typicalError, (span, error) => recordError(span, error, { redactor })))
    .add('recordError: never-seen stack (cold caches)', timed(newBug, (span, error) => recordError(span, error, { redactor })))
    .add('recordError: with a two-level cause chain', timed(withCauses, (span, error) => recordError(span, error, { redactor })))
    .add('describeError: no span', timed(typicalError, (_span, error) => describeError(error, { redactor })));
  await bench.run();
  return bench.tasks.map((task) => {
    const latency = task.result?.latency;
    return {
      name: task.name,
      medianMicros: Math.round((latency?.p50 ?? Number.NaN) * 1000 * 10) / 10,
      p99Micros: Math.round((latency?.p99 ?? Number.NaN) * 1000 * 10) / 10,
      samples: latency?.samples.length ?? 0,
    };
  });
}

if (require.main === module) {
  run({ timeMs: Number(process.env.BENCH_TIME_MS ?? 1500) }).then(
    (results) => console.table(results),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
