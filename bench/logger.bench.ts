// logger: lines per second of plain pino against the Faultline logger (redaction of message, fields and
// errors; trace correlation), both pino 10 writing to the same destination in one run, rounds interleaved.
// Destination: /dev/null written synchronously, as pino's own benchmarks and a service's stdout do
// (BENCH_DEST=noop: a no-op stream, which shows the logger's CPU cost alone). Workloads: a bare message,
// a message with a few fields, and the same inside an active span, where the Faultline logger adds
// trace_id, span_id, trace_flags and request_id; there a second baseline is pino with the correlation
// mixin instrumentation-pino would add (same fields, no scrubbing). Reports median lines/s over rounds and
// ratios. Standalone: `npx tsc --build && npx tsx bench/logger.bench.ts` (BENCH_ROUNDS, BENCH_TIME_MS,
// BENCH_DEST tune it); `run()` is exported for the bench runner.
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from '@faultline/node';
import type { Logger } from '@faultline/node';
import type pinoModule from 'pino';
import { Bench } from 'tinybench';

// The pino copy @faultline/node itself uses, so both sides run the same pino.
const pino = createRequire(require.resolve('@faultline/node'))('pino') as typeof pinoModule;

const LINES_PER_ITERATION = 100;
type Workload = 'message' | 'fields' | 'in-span';
const WORKLOADS: readonly Workload[] = ['message', 'fields', 'in-span'];

export interface LoggerResult {
  readonly workload: Workload;
  readonly pinoLinesPerSec: number;
  /** pino with instrumentation-pino's correlation mixin (in-span only). */
  readonly pinoMixinLinesPerSec?: number;
  readonly faultlineLinesPerSec: number;
  /** Faultline lines/s divided by plain pino lines/s (target ≥ 0.7). */
  readonly ratio: number;
  readonly ratioToMixin?: number;
}
export interface RunOptions { readonly rounds?: number; readonly timeMs?: number; readonly destination?: 'devnull' | 'noop' }

function writeLines(logger: Logger, workload: Workload): void {
  for (let i = 0; i < LINES_PER_ITERATION; i++) {
    if (workload === 'message') logger.info('order placed');
    else logger.info({ orderId: 4711, items: 3, customer: { tier: 'gold', country: 'DE' } }, 'order placed');
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function run(options: RunOptions = {}): Promise<LoggerResult[]> {
  const rounds = options.rounds ?? 5;
  const time = options.timeMs ?? 500;
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(new TracerProvider());
  const span = trace.getTracer('bench').startSpan('GET /orders');
  const inSpan = trace.setSpan(context.active(), span);

  const destination = options.destination === 'noop' ? { write: () => undefined } : pino.destination({ dest: '/dev/null', sync: true });
  // What instrumentation-pino's mixin adds (trace_id, span_id, trace_flags), without any scrubbing.
  const otelMixin = () => {
    const spanContext = trace.getSpan(context.active())?.spanContext();
    return spanContext === undefined ? {} : { trace_id: spanContext.traceId, span_id: spanContext.spanId, trace_flags: `0${spanContext.traceFlags.toString(16)}` };
  };
  const loggers: Record<string, Logger> = {
    pino: pino({}, destination) as unknown as Logger,
    'pino+mixin': pino({ mixin: otelMixin }, destination) as unknown as Logger,
    faultline: createLogger({ destination, otlp: false }),
  };
  const samples = new Map<string, number[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({ time, warmup: true });
      for (const workload of WORKLOADS) {
        for (const [name, logger] of Object.entries(loggers)) {
          if (name === 'pino+mixin' && workload !== 'in-span') continue;
          const task = workload === 'in-span'
            ? () => context.with(inSpan, () => writeLines(logger, 'fields'))
            : () => writeLines(logger, workload);
          bench.add(`${workload}:${name}`, task);
        }
      }
      await bench.run();
      for (const task of bench.tasks) {
        const opsPerSec = task.result?.throughput?.mean ?? Number.NaN;
        samples.set(task.name, [...(samples.get(task.name) ?? []), opsPerSec * LINES_PER_ITERATION]);
      }
    }
  } finally {
    span.end();
    trace.disable();
    context.disable();
  }
  return WORKLOADS.map((workload) => {
    const pinoLinesPerSec = median(samples.get(`${workload}:pino`) ?? []);
    const faultlineLinesPerSec = median(samples.get(`${workload}:faultline`) ?? []);
    const result = { workload, pinoLinesPerSec, faultlineLinesPerSec, ratio: faultlineLinesPerSec / pinoLinesPerSec };
    const mixin = samples.get(`${workload}:pino+mixin`);
    if (mixin === undefined) return result;
    const pinoMixinLinesPerSec = median(mixin);
    return { ...result, pinoMixinLinesPerSec, ratioToMixin: faultlineLinesPerSec / pinoMixinLinesPerSec };
  });
}

export function formatTable(results: readonly LoggerResult[]): string {
  const lines = [
    '| workload | plain pino lines/s | pino + correlation mixin lines/s | Faultline lines/s | × plain pino | × pino + mixin |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const cell = (value: number | undefined, digits: number) => (value === undefined ? '—' : value.toFixed(digits));
  for (const r of results) {
    lines.push(`| ${r.workload} | ${cell(r.pinoLinesPerSec, 0)} | ${cell(r.pinoMixinLinesPerSec, 0)} | ${cell(r.faultlineLinesPerSec, 0)} | ${cell(r.ratio, 2)} | ${cell(r.ratioToMixin, 2)} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const numberFrom = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const destination = process.env.BENCH_DEST === 'noop' ? 'noop' : 'devnull';
  run({ rounds: numberFrom(process.env.BENCH_ROUNDS), timeMs: numberFrom(process.env.BENCH_TIME_MS), destination }).then(
    (results) => process.stdout.write(`${formatTable(results)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
