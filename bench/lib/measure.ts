// The shared benchmark harness: tinybench underneath, medians on top. A bench file describes its
// cases as named functions; `measure` runs them in one process (warm-up first, cases interleaved by
// tinybench's task order), and returns one row per case with the median and p99 in microseconds.
//
//   import { measure } from './lib/measure';
//   export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
//     return measure([{ name: 'baseline', fn: () => work() }], options);
//   }
//
// A case that must exclude its own setup from the timing returns `{ overriddenDuration: ms }` (the
// tinybench convention) instead of nothing. Baselines go in the same call so they share the run.
import { Bench } from 'tinybench';

export interface BenchCase {
  readonly name: string;
  readonly fn: () => unknown;
}

export interface BenchOptions {
  /** Measuring time per case in ms (default 1500; `BENCH_TIME_MS` in the environment via the runner). */
  readonly timeMs?: number;
  /** Warm-up time per case in ms (default 300). */
  readonly warmupMs?: number;
}

export interface BenchRow {
  readonly name: string;
  readonly medianMicros: number;
  readonly p99Micros: number;
  readonly samples: number;
}

const round = (micros: number): number => Math.round(micros * 100) / 100;

export async function measure(cases: readonly BenchCase[], options: BenchOptions = {}): Promise<BenchRow[]> {
  const bench = new Bench({ time: options.timeMs ?? 1500, warmupTime: options.warmupMs ?? 300 });
  for (const { name, fn } of cases) bench.add(name, fn);
  await bench.run();
  return bench.tasks.map((task) => {
    const latency = task.result?.latency;
    if (!latency) throw new Error(`benchmark "${task.name}" produced no result (${String(task.result?.error ?? 'unknown error')})`);
    return {
      name: task.name,
      medianMicros: round((latency.p50 ?? Number.NaN) * 1000),
      p99Micros: round((latency.p99 ?? Number.NaN) * 1000),
      samples: latency.samples?.length ?? 0,
    };
  });
}
