// failure-path: the CPU one recorded failure costs, everything included — capture (stack, redaction,
// fingerprint, the exception event), the stdout line, the OTLP log record, and exporting both to a local
// sink (serialisation and sending) — measured in a process of its own (apps/failure-path/loop.cjs) by its
// CPU time over FAILURES failures, so machine load disturbs it less than a load test. Beside it, the
// plain OpenTelemetry preload's span.recordException (no redaction, no fingerprint, no log record). Also
// reports how many of the failures reached the sink. Runs interleaved, medians over BENCH_RUNS (5).
// `npm run bench -- failure-path`; FAILURES (20000) per run. Needs `npx tsc --build`.
import { fork } from 'node:child_process';
import path from 'node:path';
import { median, startSink } from './lib/load-harness';

const LOOP = path.join(__dirname, 'apps', 'failure-path', 'loop.cjs');
const OTEL_PRELOAD = path.join(__dirname, 'apps', 'http-overhead', 'otel-preload.cjs');

const VARIANTS = [
  // Each failure counted at the sink by the number in its message: the OpenTelemetry preload's exception
  // events, Faultline's failure log records.
  { name: 'opentelemetry span.recordException', mode: 'opentelemetry', preload: OTEL_PRELOAD, signal: '/v1/traces' },
  { name: 'faultline captureFailure', mode: 'faultline', preload: '@faultline/node/instrument', signal: '/v1/logs' },
] as const;

export interface FailurePathRow {
  readonly variant: string;
  readonly cpuMicrosPerFailure: number;
  readonly failures: number;
  /** Distinct failures the sink received per failure recorded, the least of all runs (1 = every one). */
  readonly deliveredPerFailure: number;
}

async function once(variant: (typeof VARIANTS)[number], failures: number): Promise<{ cpu: number; delivered: number }> {
  const sink = await startSink({ path: variant.signal, pattern: 'order (\\d+) could not be saved' });
  try {
    const child = fork(LOOP, [], {
      cwd: path.dirname(LOOP),
      execArgv: ['--require', variant.preload],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: {
        PATH: process.env.PATH, NODE_ENV: 'production', OTEL_SERVICE_NAME: 'bench-failure-path', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_METRICS_EXPORTER: 'none',
        // Room for every failure: the loop records them faster than any service fails, and a full buffer
        // would drop (and count) some, leaving their export work out of the figure.
        FAULTLINE_EXPORT_BUFFER_SIZE: String(failures + 5000), FAULTLINE_EXPORT_BUFFER_BYTES: String(2 ** 30), OTEL_BSP_MAX_QUEUE_SIZE: String(failures + 5000), MODE: variant.mode, FAILURES: String(failures),
      },
    });
    const result = await new Promise<{ cpuMicrosPerFailure?: number; warmup?: number; error?: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${variant.name}: no answer within 120 s`)), 120_000);
      child.once('message', (message) => { clearTimeout(timer); resolve(message as { cpuMicrosPerFailure?: number }); });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${variant.name}: exited with ${code}`)); });
    }).finally(() => child.kill('SIGKILL'));
    if (result.cpuMicrosPerFailure === undefined) throw new Error(`${variant.name}: ${result.error ?? 'no result'}`);
    return { cpu: result.cpuMicrosPerFailure, delivered: (await sink.delivered()) / (failures + (result.warmup ?? 0)) };
  } finally {
    await sink.close();
  }
}

export async function run(): Promise<FailurePathRow[]> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const failures = Number(process.env.FAILURES ?? 20000);
  const measured = new Map<string, Array<{ cpu: number; delivered: number }>>(VARIANTS.map((v) => [v.name, []]));
  for (let i = 0; i < runs; i += 1) {
    for (const variant of VARIANTS) measured.get(variant.name)?.push(await once(variant, failures));
  }
  return VARIANTS.map((variant) => {
    const own = measured.get(variant.name) ?? [];
    return {
      variant: variant.name,
      cpuMicrosPerFailure: Math.round(median(own.map((m) => m.cpu)) * 10) / 10,
      failures,
      deliveredPerFailure: Math.min(...own.map((m) => m.delivered)),
    };
  });
}
