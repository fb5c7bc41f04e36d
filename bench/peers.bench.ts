// peers: Faultline beside what a team would pick instead, on the same Express 4 app (apps/peers/app.cjs:
// /ok, /fail answered 500 by the app's own error middleware, /log): uninstrumented, the plain
// OpenTelemetry preload (http + Express, every trace kept), the OpenTelemetry floor (a bare SDK span per
// request, the failure recorded raw, SDK export: apps/peers/otel-floor-preload.cjs), Sentry errors only
// and with every trace kept, Elastic's APM agent, and Faultline. Part one: autocannon on each route,
// variants interleaved round by round; req/s and the app's CPU per request (from /proc), each as a ratio
// to uninstrumented in the same round, the median over rounds. Part two: an error storm per variant
// (/fail for BENCH_STORM_S seconds): RSS growth over it, RSS after it above the uninstrumented app's, and
// how many of the failures reached the variant's own local sink (counted in its own wire format). All
// traffic stays on 127.0.0.1.
// `npm run bench -- peers`; BENCH_ROUNDS (3), BENCH_DURATION_S (3), BENCH_CONNECTIONS (50),
// BENCH_STORM_S (30; 0 skips the storm), BENCH_VARIANTS (comma-separated names). Needs `npx tsc --build`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { appCommand, pinLoadGenerator } from './lib/cpu-pinning';
import { listeningPort } from './lib/listening-port';
import { load, median, rssMb, startSink } from './lib/load-harness';
import type { FailureCounter, Measurement, Sink } from './lib/load-harness';

const APP_DIR = path.join(__dirname, 'apps', 'peers');
const OTEL_PRELOAD = path.join(__dirname, 'apps', 'http-overhead', 'otel-preload.cjs');
const ROUTES = ['/ok', '/fail', '/log'] as const;
/** Each failure of the app numbers itself in its message (apps/peers/app.cjs): delivered ones are counted by number. */
const FAILURE_NUMBER = 'order (\\d+) could not be saved';

interface Variant {
  readonly name: string;
  readonly nodeArgs: readonly string[];
  env(sinkUrl: string): Record<string, string>;
  /** Where the sink finds this variant's failures (Faultline: its failure log records). */
  readonly count?: FailureCounter;
}

const VARIANTS: readonly Variant[] = [
  { name: 'uninstrumented', nodeArgs: [], env: () => ({}) },
  {
    name: 'opentelemetry',
    nodeArgs: ['--require', OTEL_PRELOAD],
    env: (url) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: url }),
    count: { path: '/v1/traces', pattern: FAILURE_NUMBER },
  },
  {
    name: 'opentelemetry floor',
    nodeArgs: ['--require', path.join(APP_DIR, 'otel-floor-preload.cjs')],
    env: (url) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: url }),
    count: { path: '/v1/traces', pattern: FAILURE_NUMBER },
  },
  {
    name: 'sentry errors only',
    nodeArgs: ['--import', path.join(APP_DIR, 'sentry-preload.mjs')],
    env: (url) => ({ BENCH_PEER: 'sentry', SENTRY_DSN: sentryDsn(url) }),
    count: { pattern: FAILURE_NUMBER },
  },
  {
    name: 'sentry with tracing',
    nodeArgs: ['--import', path.join(APP_DIR, 'sentry-preload.mjs')],
    env: (url) => ({ BENCH_PEER: 'sentry', SENTRY_DSN: sentryDsn(url), SENTRY_TRACING: '1' }),
    count: { pattern: FAILURE_NUMBER },
  },
  {
    name: 'elastic apm',
    nodeArgs: ['--require', path.join(APP_DIR, 'elastic-preload.cjs')],
    env: (url) => ({ ELASTIC_APM_SERVER_URL: url }),
    count: { pattern: FAILURE_NUMBER },
  },
  {
    name: 'faultline',
    nodeArgs: ['--require', '@faultline/node/instrument'],
    env: (url) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: url }),
    count: { path: '/v1/logs', pattern: FAILURE_NUMBER },
  },
];

function sentryDsn(sinkUrl: string): string {
  // A fake key: Sentry needs one in the DSN; the sink ignores it.
  return sinkUrl.replace('http://', 'http://0123456789abcdef0123456789abcdef@') + '/1';
}

export interface PeerRow {
  readonly variant: string;
  readonly route: string;
  readonly reqPerSec: number;
  readonly ratio: number;
  readonly cpuMicrosPerRequest: number;
  /** CPU per request above the uninstrumented app's (same round, then the median). */
  readonly addedCpuMicros: number;
  readonly cpuRatio: number;
  readonly p99Ms: number;
}

export interface StormRow {
  readonly variant: string;
  readonly route: 'storm /fail';
  readonly seconds: number;
  readonly requests: number;
  /** Failures the variant's sink received (undefined for the uninstrumented app). */
  readonly delivered?: number;
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
  readonly rssOverUninstrumentedMb: number;
}

interface RunningApp { readonly variant: Variant; readonly child: ChildProcess; readonly url: string; readonly sink: Sink }

async function startApp(variant: Variant): Promise<RunningApp> {
  const sink = await startSink(variant.count);
  // Output to /dev/null: the /log route and Faultline's failure lines write to stdout.
  const { command, args } = appCommand([...variant.nodeArgs, path.join(APP_DIR, 'app.cjs')]);
  const child = spawn(command, args, {
    cwd: APP_DIR,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', OTEL_SERVICE_NAME: 'bench-peers', OTEL_METRICS_EXPORTER: 'none', ...variant.env(sink.url) },
  });
  try {
    const port = await listeningPort(child, variant.name);
    return { variant, child, url: `http://127.0.0.1:${port}`, sink };
  } catch (error) {
    child.kill('SIGKILL');
    await sink.close();
    throw error;
  }
}

/**
 * Waits until the sink's count has not moved for `quietMs` (at most `maxMs`), so what is in flight lands;
 * Elastic's agent streams its events in one request that ends after 10 s.
 */
async function settled(sink: Sink, quietMs = 11_000, maxMs = 30_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  let last = await sink.delivered();
  let quietSince = Date.now();
  while (Date.now() < deadline && Date.now() - quietSince < quietMs) {
    await sleep(250);
    const now = await sink.delivered();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
  }
  return last;
}

function routeRows(samples: Map<string, Measurement[]>, variants: readonly Variant[]): PeerRow[] {
  const rows: PeerRow[] = [];
  for (const route of ROUTES) {
    const baseline = samples.get(`uninstrumented ${route}`) ?? [];
    for (const { name } of variants) {
      const own = samples.get(`${name} ${route}`) ?? [];
      const base = (i: number) => baseline[i] ?? { reqPerSec: Number.NaN, cpuMicrosPerRequest: Number.NaN };
      rows.push({
        variant: name,
        route,
        reqPerSec: median(own.map((m) => m.reqPerSec)),
        ratio: median(own.map((m, i) => m.reqPerSec / base(i).reqPerSec)),
        cpuMicrosPerRequest: median(own.map((m) => m.cpuMicrosPerRequest)),
        addedCpuMicros: median(own.map((m, i) => m.cpuMicrosPerRequest - base(i).cpuMicrosPerRequest)),
        cpuRatio: median(own.map((m, i) => base(i).cpuMicrosPerRequest / m.cpuMicrosPerRequest)),
        p99Ms: median(own.map((m) => m.p99Ms)),
      });
    }
  }
  return rows;
}

async function storm(apps: readonly RunningApp[], seconds: number, connections: number): Promise<StormRow[]> {
  const before = await Promise.all(apps.map((app) => settled(app.sink)));
  const measured = [];
  for (const app of apps) {
    const rssBeforeMb = rssMb(app.child.pid);
    const { requests } = await load(app.child, `${app.url}/fail`, seconds, connections);
    measured.push({ app, requests, rssBeforeMb, rssAfterMb: rssMb(app.child.pid) });
  }
  // Delivery counted once every sink is quiet; RSS was read right after each storm.
  const after = await Promise.all(apps.map((app) => settled(app.sink)));
  const baseline = measured.find((row) => row.app.variant.name === 'uninstrumented')?.rssAfterMb ?? Number.NaN;
  return measured.map(({ app, requests, rssBeforeMb, rssAfterMb }, i) => ({
    variant: app.variant.name,
    route: 'storm /fail',
    seconds,
    requests,
    ...(app.variant.count ? { delivered: (after[i] ?? 0) - (before[i] ?? 0) } : {}),
    rssBeforeMb,
    rssAfterMb,
    rssOverUninstrumentedMb: rssAfterMb - baseline,
  }));
}

export async function run(options: { timeMs?: number } = {}): Promise<Array<PeerRow | StormRow>> {
  const fromEnv = (name: string) => (process.env[name] === undefined ? undefined : Number(process.env[name]));
  const rounds = fromEnv('BENCH_ROUNDS') ?? 3;
  const duration = fromEnv('BENCH_DURATION_S') ?? (options.timeMs === undefined ? 3 : options.timeMs / 1000);
  const connections = fromEnv('BENCH_CONNECTIONS') ?? 50;
  const stormSeconds = fromEnv('BENCH_STORM_S') ?? 30;
  const only = process.env.BENCH_VARIANTS?.split(',').map((name) => name.trim());
  const variants = VARIANTS.filter((v) => v.name === 'uninstrumented' || !only || only.includes(v.name));
  const apps: RunningApp[] = [];
  pinLoadGenerator();
  try {
    for (const variant of variants) apps.push(await startApp(variant));
    for (const app of apps) for (const route of ROUTES) await load(app.child, `${app.url}${route}`, 1, connections);
    const samples = new Map<string, Measurement[]>();
    for (let round = 0; round < rounds; round += 1) {
      for (const route of ROUTES) {
        for (const app of apps) {
          const key = `${app.variant.name} ${route}`;
          samples.set(key, [...(samples.get(key) ?? []), await load(app.child, `${app.url}${route}`, duration, connections)]);
        }
      }
    }
    const rows: Array<PeerRow | StormRow> = routeRows(samples, variants);
    if (stormSeconds > 0) rows.push(...(await storm(apps, stormSeconds, connections)));
    return rows;
  } finally {
    for (const app of apps) {
      app.child.kill('SIGKILL');
      await app.sink.close();
    }
  }
}

export function formatTable(rows: ReadonlyArray<PeerRow | StormRow>): string {
  const lines = [
    '| route | variant | req/s | × uninstrumented | CPU µs/req | added CPU µs/req | × uninstrumented (CPU) | p99 ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const storms: StormRow[] = [];
  for (const row of rows) {
    if ('seconds' in row) storms.push(row);
    else lines.push(`| ${row.route} | ${row.variant} | ${row.reqPerSec.toFixed(0)} | ${row.ratio.toFixed(2)} | ${row.cpuMicrosPerRequest.toFixed(0)} | ${row.addedCpuMicros.toFixed(0)} | ${row.cpuRatio.toFixed(2)} | ${row.p99Ms.toFixed(1)} |`);
  }
  if (storms.length > 0) {
    lines.push('', '| error storm | failures | delivered | RSS MB before → after (growth) | RSS after over uninstrumented MB |', '| --- | ---: | ---: | --- | ---: |');
    for (const s of storms) {
      const delivered = s.delivered === undefined ? '–' : `${s.delivered} (${((100 * s.delivered) / Math.max(1, s.requests)).toFixed(0)}%)`;
      lines.push(`| ${s.variant} (${s.seconds} s) | ${s.requests} | ${delivered} | ${s.rssBeforeMb.toFixed(0)} → ${s.rssAfterMb.toFixed(0)} (+${(s.rssAfterMb - s.rssBeforeMb).toFixed(0)}) | ${s.rssOverUninstrumentedMb.toFixed(0)} |`);
    }
  }
  return lines.join('\n');
}
