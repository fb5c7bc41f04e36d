// logger: lines per second of plain pino against the Faultline logger (correlation mixin + redaction of
// message, fields and errors), both pino 10 writing to the same destination (/dev/null, synchronously, as
// pino's own benchmarks do), in one run, rounds interleaved. Three workloads: a bare message, a message
// with a few fields, and a line inside an active span (where the Faultline logger adds trace_id, span_id,
// trace_flags and request_id). Reports the median lines/s over rounds and the ratio to plain pino.
// Standalone: `npx tsc --build && npx tsx bench/logger.bench.ts` (BENCH_ROUNDS, BENCH_TIME_MS tune it);
// `run()` is exported for the bench runner.
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createLogger } from '@faultline/node';
import type { Logger } from '@faultline/node';
import { Bench } from 'tinybench';

// The pino copy @faultline/node itself uses, so both sides run the same pino.
const pino = createRequire(require.resolve('@faultline/node'))('pino') as typeof import('pino').default;

const LINES_PER_ITERATION = 100;
type Workload = 'message' | 'fields' | 'in-span';
const WORKLOADS: readonly Workload[] = ['message', 'fields', 'in-span'];

export interface LoggerResult {
  readonly workload: Workload;
  readonly pinoLinesPerSec: number;
  readonly faultlineLinesPerSec: number;
  /** Faultline lines/s divided by plain pino lines/s (target ≥ 0.7). */
  readonly ratio: number;
}
export interface RunOptions { readonly rounds?: number; readonly timeMs?: number }

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
  trace.setGlobalTracerProvider(new BasicTracerProvider());
  const span = trace.getTracer('bench').startSpan('GET /orders');
  const inSpan = trace.setSpan(context.active(), span);

  const destination = pino.destination({ dest: '/dev/null', sync: true });
  const loggers = {
    pino: pino({}, destination) as unknown as Logger,
    faultline: createLogger({ destination, otlp: false }),
  };
  const samples = new Map<string, number[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({ time, warmup: true });
      for (const workload of WORKLOADS) {
        for (const [name, logger] of Object.entries(loggers)) {
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
    return { workload, pinoLinesPerSec, faultlineLinesPerSec, ratio: faultlineLinesPerSec / pinoLinesPerSec };
  });
}

export function formatTable(results: readonly LoggerResult[]): string {
  const lines = ['| workload | plain pino lines/s | Faultline lines/s | × plain pino |', '| --- | ---: | ---: | ---: |'];
  for (const r of results) {
    lines.push(`| ${r.workload} | ${r.pinoLinesPerSec.toFixed(0)} | ${r.faultlineLinesPerSec.toFixed(0)} | ${r.ratio.toFixed(2)} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const numberFrom = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  run({ rounds: numberFrom(process.env.BENCH_ROUNDS), timeMs: numberFrom(process.env.BENCH_TIME_MS) }).then(
    (results) => process.stdout.write(`${formatTable(results)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
