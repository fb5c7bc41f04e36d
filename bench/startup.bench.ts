// startup: how long an Express app takes from `node` being started to its first answer, uninstrumented,
// under plain OpenTelemetry's preload (the benchmarks' NodeSDK + http + Express preload), and under
// Faultline's preload with --require (with and without Node's compile cache) and with --import. Each
// start is a fresh process (the app of the http-overhead benchmark); the clock stops when the answer to
// one GET /ok has arrived, and the process then reports the CPU time it used until then (apps/http-overhead/cpu-report.cjs, preloaded in every
// variant), the steadier measure on a busy machine. Variants are interleaved start by start so machine
// load hits them alike; medians and the wall-time p90 per variant are reported, with the medians added to
// the uninstrumented app's. `npm run bench -- startup`;
// BENCH_STARTS (15) starts per variant. Needs `npx tsc --build`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { listeningPort } from './lib/listening-port';

const APP_DIR = path.join(__dirname, 'apps', 'http-overhead');
const APP = path.join(APP_DIR, 'app.cjs');
const CPU_REPORT = ['--require', path.join(APP_DIR, 'cpu-report.cjs')];

interface Variant { readonly name: string; readonly nodeArgs: readonly string[]; readonly env?: Readonly<Record<string, string>> }

const VARIANTS: readonly Variant[] = [
  { name: 'uninstrumented', nodeArgs: [] },
  { name: 'plain OpenTelemetry preload', nodeArgs: ['--require', path.join(APP_DIR, 'otel-preload.cjs')] },
  { name: 'Faultline --require', nodeArgs: ['--require', '@faultline/node/instrument'] },
  { name: 'Faultline --import', nodeArgs: ['--import', '@faultline/node/instrument'] },
  // What Node's compile cache (on by default under the preload) buys.
  { name: 'Faultline --require, FAULTLINE_COMPILE_CACHE=false', nodeArgs: ['--require', '@faultline/node/instrument'], env: { FAULTLINE_COMPILE_CACHE: 'false' } },
];

export interface StartupRow {
  readonly variant: string;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly addedMs: number;
  readonly cpuMs: number;
  readonly addedCpuMs: number;
  /** The least CPU time of all starts, and what it adds: the start least disturbed by machine load. */
  readonly minCpuMs: number;
  readonly addedMinCpuMs: number;
  readonly starts: number;
}

interface Start { readonly wallMs: number; readonly cpuMs: number }

/** Wall time from spawn to the first answer's body, and the app's CPU time until then. */
/** `stop`: SIGKILL for a measured start; SIGTERM lets a preloaded app exit and write Node's compile cache. */
async function timeToFirstAnswer(variant: Variant, stop: NodeJS.Signals = 'SIGKILL'): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, [...CPU_REPORT, ...variant.nodeArgs, APP], {
    cwd: APP_DIR,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      OTEL_SERVICE_NAME: 'bench-startup',
      // Nothing listens there; nothing is exported within a start anyway (5 s batch delay).
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
      OTEL_METRICS_EXPORTER: 'none',
      ...variant.env,
    },
  });
  try {
    const port = await listeningPort(child, variant.name);
    const response = await fetch(`http://127.0.0.1:${port}/ok`, { signal: AbortSignal.timeout(10_000) });
    await response.text();
    const wallMs = performance.now() - started;
    if (response.status !== 200) throw new Error(`${variant.name}: answered ${response.status}`);
    const cpu = new Promise<number>((resolve) => child.on('message', (message: { cpuMicros?: number }) => {
      if (typeof message.cpuMicros === 'number') resolve(message.cpuMicros / 1000);
    }));
    child.send('cpu');
    return { wallMs, cpuMs: await cpu };
  } finally {
    child.kill(stop);
    // Bounded: an app that ignores SIGTERM is killed after 5 s.
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await new Promise((resolve) => { if (child.exitCode !== null || child.signalCode !== null) resolve(undefined); else child.once('exit', resolve); });
    clearTimeout(killer);
  }
}

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

export async function run(): Promise<StartupRow[]> {
  const starts = Number(process.env.BENCH_STARTS ?? 15);
  const measured = new Map<string, Start[]>(VARIANTS.map((variant) => [variant.name, []]));
  // One discarded start each: the first start after a build pays for the OS file cache and, stopped with
  // SIGTERM, fills Node's compile cache (an app restarted, not one started for the first time).
  for (const variant of VARIANTS) await timeToFirstAnswer(variant, 'SIGTERM');
  for (let i = 0; i < starts; i += 1) {
    for (const variant of VARIANTS) measured.get(variant.name)?.push(await timeToFirstAnswer(variant));
  }
  const wall = (name: string) => (measured.get(name) ?? []).map((start) => start.wallMs);
  const cpu = (name: string) => (measured.get(name) ?? []).map((start) => start.cpuMs);
  const baseWall = quantile(wall('uninstrumented'), 0.5);
  const baseCpu = quantile(cpu('uninstrumented'), 0.5);
  const baseMinCpu = Math.min(...cpu('uninstrumented'));
  return VARIANTS.map(({ name }) => {
    const medianMs = quantile(wall(name), 0.5);
    const cpuMs = quantile(cpu(name), 0.5);
    const minCpuMs = Math.min(...cpu(name));
    return {
      variant: name,
      medianMs,
      p90Ms: quantile(wall(name), 0.9),
      addedMs: medianMs - baseWall,
      cpuMs,
      addedCpuMs: cpuMs - baseCpu,
      minCpuMs,
      addedMinCpuMs: minCpuMs - baseMinCpu,
      starts: wall(name).length,
    };
  });
}
