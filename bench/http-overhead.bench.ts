// http-overhead: what capture costs per request. An Express 4 app's success and error routes under load
// (autocannon on loopback), in one interleaved run: uninstrumented, the plain OpenTelemetry preload
// (http + Express, every trace kept, exporting to a local sink), Faultline, and Faultline with 10% trace
// sampling; then both Faultline variants with FAULTLINE_EXPRESS_STABLE_SHAPES flipped from this
// runtime's default and the uninstrumented app with only that shape seeding, which separate Faultline's
// cost from Express's own work getting cheaper. Reports req/s as a ratio to uninstrumented (median over rounds), p99 latency,
// RSS (growth from after the warm-up to the end and, sampled after every round, its median and maximum;
// and the footprint over the uninstrumented app), and the app's CPU time per request (user + system,
// all its threads): on a shared machine the load generator competes for the cores, and CPU per request
// is the steadier measure of cost. `npm run bench -- http-overhead` (results in
// bench/results/http-overhead.json), or standalone `npx tsx bench/http-overhead.bench.ts`; BENCH_ROUNDS
// (3), BENCH_DURATION_S (3), BENCH_CONNECTIONS (10), BENCH_VARIANTS (comma-separated names) and
// BENCH_EXTRA (more Faultline variants with settings, e.g. 'FAULTLINE_EXPRESS_LAYER_SPANS=handlers') tune
// it. Needs `npx tsc --build`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { shapesNeeded } from '../packages/node/src/frameworks/express-shapes';
import { appCommand, pinLoadGenerator } from './lib/cpu-pinning';
import { listeningPort } from './lib/listening-port';
import { load, median, rssMb, startSink } from './lib/load-harness';
import type { Measurement } from './lib/load-harness';

export type { Measurement } from './lib/load-harness';

const APP_DIR = path.join(__dirname, 'apps', 'http-overhead');
const ROUTES = ['/ok', '/fail'] as const;
type Route = (typeof ROUTES)[number];

interface Variant { readonly name: string; readonly nodeArgs: readonly string[]; readonly env: Readonly<Record<string, string>> }

/** Whether this runtime's default seeds Express's shapes (before V8 13.6); the variants flip it. */
const SHAPES_BY_DEFAULT = shapesNeeded();
export const SHAPES_FLIPPED = SHAPES_BY_DEFAULT ? 'off' : 'forced on';

const VARIANTS: readonly Variant[] = [
  { name: 'uninstrumented', nodeArgs: [], env: {} },
  { name: 'opentelemetry', nodeArgs: ['--require', path.join(APP_DIR, 'otel-preload.cjs')], env: {} },
  { name: 'faultline', nodeArgs: ['--require', '@faultline/node/instrument'], env: {} },
  {
    name: 'faultline 10%',
    nodeArgs: ['--require', '@faultline/node/instrument'],
    env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  },
  // Part of Faultline's ratio can be Express's own work made cheaper (frameworks/express-shapes.ts, on by
  // default only where V8 needs it): the same with the setting flipped, and the uninstrumented app with
  // only the seeding, keep both parts visible.
  { name: `faultline, shapes ${SHAPES_FLIPPED}`, nodeArgs: ['--require', '@faultline/node/instrument'], env: { FAULTLINE_EXPRESS_STABLE_SHAPES: String(!SHAPES_BY_DEFAULT) } },
  {
    name: `faultline 10%, shapes ${SHAPES_FLIPPED}`,
    nodeArgs: ['--require', '@faultline/node/instrument'],
    env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1', FAULTLINE_EXPRESS_STABLE_SHAPES: String(!SHAPES_BY_DEFAULT) },
  },
  { name: 'uninstrumented, shapes only', nodeArgs: ['--require', path.join(APP_DIR, 'stable-shapes-preload.cjs')], env: {} },
];

/**
 * More Faultline variants to compare settings in the same run: BENCH_EXTRA='A=1 B=2;C=3' adds
 * "faultline A=1 B=2" and "faultline C=3".
 */
function extraVariants(spec: string | undefined): Variant[] {
  return (spec ?? '').split(';').map((part) => part.trim()).filter((part) => part.length > 0).map((part) => ({
    name: `faultline ${part}`,
    nodeArgs: ['--require', '@faultline/node/instrument'],
    env: Object.fromEntries(part.split(/\s+/).map((pair) => pair.split('=', 2) as [string, string])),
  }));
}

export interface VariantResult {
  readonly variant: string;
  readonly route: Route;
  readonly reqPerSec: number;
  readonly ratio: number;
  readonly cpuMicrosPerRequest: number;
  /** Uninstrumented CPU per request ÷ this variant's: the throughput ratio when the app is CPU-bound. */
  readonly cpuRatio: number;
  readonly p99Ms: number;
  /** RSS once listening, before any request. */
  readonly rssStartMb: number;
  /** RSS after the warm-up: the start of the growth the target is judged on. */
  readonly rssWarmMb: number;
  readonly rssEndMb: number;
  /**
   * RSS after each round minus the warm RSS: the median and the largest. One sample at the end lands
   * wherever the garbage collector happens to be; a round-by-round series shows whether RSS keeps
   * climbing (growth) or moves around a level (a heap sized for the load).
   */
  readonly rssGrowthMedianMb: number;
  readonly rssGrowthMaxMb: number;
  /** RSS after the run minus the uninstrumented app's: what instrumentation costs in memory. */
  readonly rssOverBaselineMb: number;
}
export interface RunOptions {
  /** Load time per measurement in ms (the runner's BENCH_TIME_MS); durationSeconds wins if both are set. */
  readonly timeMs?: number;
  readonly rounds?: number;
  readonly durationSeconds?: number;
  readonly connections?: number;
  /** Variant names to run (uninstrumented always runs: it is the baseline). */
  readonly only?: readonly string[];
  /** Every route behind `express.json()`, as in most Express apps (http-overhead-body-parser). */
  readonly bodyParser?: boolean;
  /** The app under bench/apps/http-overhead (default `app.cjs`, Express 4): other frameworks' variants. */
  readonly app?: string;
}

interface RunningApp { readonly child: ChildProcess; readonly url: string; readonly rssStartMb: number }

async function startApp(variant: Variant, sinkUrl: string, bodyParser: boolean, app: string): Promise<RunningApp> {
  // stdout/stderr go to /dev/null: Faultline's logger writes failure records to stdout by default, and
  // a pipe the benchmark had to drain would cost both processes. The port comes over IPC.
  const { command, args } = appCommand([...variant.nodeArgs, path.join(APP_DIR, app)]);
  const child = spawn(command, args, {
    cwd: APP_DIR,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      OTEL_SERVICE_NAME: 'bench-http-overhead',
      OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
      OTEL_METRICS_EXPORTER: 'none',
      ...(bodyParser ? { HTTP_OVERHEAD_BODY_PARSER: '1' } : {}),
      ...variant.env,
    },
  });
  const port = await listeningPort(child, variant.name);
  return { child, url: `http://127.0.0.1:${port}`, rssStartMb: rssMb(child.pid) };
}

function loadRoute(app: RunningApp, route: Route, durationSeconds: number, connections: number): Promise<Measurement> {
  return load(app.child, `${app.url}${route}`, durationSeconds, connections);
}

export async function run(options: RunOptions = {}): Promise<VariantResult[]> {
  const fromEnv = (name: string) => (process.env[name] === undefined ? undefined : Number(process.env[name]));
  const rounds = options.rounds ?? fromEnv('BENCH_ROUNDS') ?? 3;
  const duration = options.durationSeconds ?? fromEnv('BENCH_DURATION_S') ?? (options.timeMs === undefined ? 3 : options.timeMs / 1000);
  const connections = options.connections ?? fromEnv('BENCH_CONNECTIONS') ?? 10;
  const only = options.only ?? process.env.BENCH_VARIANTS?.split(',').map((name) => name.trim());
  const variants = [
    ...VARIANTS.filter((v) => v.name === 'uninstrumented' || !only || only.includes(v.name)),
    ...extraVariants(process.env.BENCH_EXTRA),
  ];
  pinLoadGenerator();
  const sink = await startSink();
  const apps = new Map<string, RunningApp>();
  try {
    for (const variant of variants) apps.set(variant.name, await startApp(variant, sink.url, options.bodyParser === true, options.app ?? 'app.cjs'));
    const appOf = (variant: Variant): RunningApp => apps.get(variant.name) as RunningApp;
    // Warm up every app on every route (JIT, lazy requires) before measuring.
    for (const variant of variants) {
      for (const route of ROUTES) await loadRoute(appOf(variant), route, 1, connections);
    }
    // Growth is judged from here: lazy start-up work (JIT, the log worker on the first failure) is done.
    const rssWarm = new Map(variants.map((variant) => [variant.name, rssMb(appOf(variant).child.pid)]));
    const samples = new Map<string, Measurement[]>();
    const rssRounds = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const route of ROUTES) {
        for (const variant of variants) {
          const measured = await loadRoute(appOf(variant), route, duration, connections);
          const key = `${variant.name} ${route}`;
          samples.set(key, [...(samples.get(key) ?? []), measured]);
        }
      }
      for (const variant of variants) rssRounds.get(variant.name)?.push(rssMb(appOf(variant).child.pid));
    }
    const results: VariantResult[] = [];
    for (const route of ROUTES) {
      const baseline = samples.get(`uninstrumented ${route}`) ?? [];
      for (const variant of variants) {
        const own = samples.get(`${variant.name} ${route}`) ?? [];
        const app = apps.get(variant.name);
        results.push({
          variant: variant.name,
          route,
          reqPerSec: median(own.map((m) => m.reqPerSec)),
          // Ratios are taken per round (same moment, same machine load), then the median.
          ratio: median(own.map((m, i) => m.reqPerSec / (baseline[i]?.reqPerSec ?? Number.NaN))),
          cpuMicrosPerRequest: median(own.map((m) => m.cpuMicrosPerRequest)),
          cpuRatio: median(own.map((m, i) => (baseline[i]?.cpuMicrosPerRequest ?? Number.NaN) / m.cpuMicrosPerRequest)),
          p99Ms: median(own.map((m) => m.p99Ms)),
          rssStartMb: app?.rssStartMb ?? Number.NaN,
          rssWarmMb: rssWarm.get(variant.name) ?? Number.NaN,
          rssEndMb: rssMb(app?.child.pid),
          rssGrowthMedianMb: median(rssRounds.get(variant.name) ?? []) - (rssWarm.get(variant.name) ?? Number.NaN),
          rssGrowthMaxMb: Math.max(...(rssRounds.get(variant.name) ?? [])) - (rssWarm.get(variant.name) ?? Number.NaN),
          rssOverBaselineMb: rssMb(app?.child.pid) - rssMb(apps.get('uninstrumented')?.child.pid),
        });
      }
    }
    return results;
  } finally {
    for (const app of apps.values()) app.child.kill('SIGKILL');
    await sink.close();
  }
}

export function formatTable(results: readonly VariantResult[]): string {
  const lines = [
    '| route | variant | req/s | × uninstrumented | CPU µs/req | × uninstrumented (CPU) | p99 ms | RSS MB start / warm → end (growth) | RSS growth per round MB, median / max | RSS over uninstrumented MB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const r of results) {
    const growth = r.rssEndMb - r.rssWarmMb;
    lines.push(`| ${r.route} | ${r.variant} | ${r.reqPerSec.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.cpuMicrosPerRequest.toFixed(0)} | ${r.cpuRatio.toFixed(2)} | ${r.p99Ms.toFixed(1)} | ${r.rssStartMb.toFixed(0)} / ${r.rssWarmMb.toFixed(0)} → ${r.rssEndMb.toFixed(0)} (+${growth.toFixed(0)}) | ${r.rssGrowthMedianMb.toFixed(0)} / ${r.rssGrowthMaxMb.toFixed(0)} | ${r.rssOverBaselineMb.toFixed(0)} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  run().then(
    (results) => process.stdout.write(`${formatTable(results)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
