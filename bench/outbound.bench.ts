// outbound: what Faultline adds to one outbound call. Sequential fetches to a loopback server, in one
// process and one run, interleaved by round: bare fetch (no instrumentation), plain OpenTelemetry's undici
// instrumentation, the same with Faultline's client-span hooks (what a plain fetch gets under the preload),
// and remoteService().fetch (policies, call span, classification) over those hooks. Two answers: 200 JSON,
// and a 500 JSON error (its body read by every variant; remoteService classifies it and throws a
// RemoteError). Spans go through a batch processor to an exporter that drops them. Reports the median and
// p99 per call and the median added over bare fetch and over plain OpenTelemetry.
// Run: `npm run bench -- outbound`; BENCH_ROUNDS (5) and BENCH_CALLS (300 per variant per round) tune it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { onUndiciRequest, onUndiciResponse, watchUndiciErrors } from '../packages/node/src/outbound/client-span-hooks';
import { remoteService } from '../packages/node/src/outbound/remote-service';

const ROUTES = ['ok', 'fail'] as const;
type Route = (typeof ROUTES)[number];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);

let exported = 0;
/** Drops the spans, counting them: the table shows each variant really traced what it claims to. */
const dropping: SpanExporter = {
  export: (spans, done) => {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => undefined,
};

interface Variant {
  readonly name: string;
  readonly instrumentation?: UndiciInstrumentation;
  readonly call: (url: string) => Promise<unknown>;
}

async function bareCall(url: string): Promise<unknown> {
  const response = await fetch(url);
  return response.text();
}

function variants(): Variant[] {
  // Built enabled (the instrumentation reads `enabled` from its config on every request), then switched
  // off: each variant's rounds switch on only its own.
  const plain = new UndiciInstrumentation();
  plain.disable();
  watchUndiciErrors();
  const hooked = new UndiciInstrumentation({ requestHook: onUndiciRequest, responseHook: onUndiciResponse });
  hooked.disable();
  const service = remoteService('bench', { maxAttempts: 1, breaker: { consecutiveFailures: 1000 } });
  const serviceCall = (url: string) => service.fetch(url).then((response) => response.text(), (error: unknown) => error);
  return [
    { name: 'bare fetch', call: bareCall },
    { name: 'opentelemetry undici', instrumentation: plain, call: bareCall },
    { name: 'faultline hooks (plain fetch)', instrumentation: hooked, call: bareCall },
    { name: 'remoteService.fetch', instrumentation: hooked, call: serviceCall },
  ];
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

export async function run(): Promise<Array<Record<string, unknown>>> {
  const server = createServer((req, res) => {
    const fail = req.url === '/fail';
    res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json', 'x-request-id': 'dep-1' });
    res.end(fail ? '{"code":"BOOM","message":"internal"}' : '{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: dropping })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const list = variants();
  const samples = new Map<string, number[]>();
  const spans = new Map<string, number>();
  try {
    for (let round = -1; round < ROUNDS; round += 1) {
      for (const variant of list) {
        variant.instrumentation?.enable();
        for (const route of ROUTES) {
          await provider.forceFlush();
          const before = exported;
          const times: number[] = [];
          for (let i = 0; i < CALLS; i += 1) {
            const start = performance.now();
            await variant.call(`${base}/${route}`);
            times.push(performance.now() - start);
          }
          // Round -1 warms up every path and is not kept.
          await provider.forceFlush();
          if (round >= 0) samples.set(`${variant.name}|${route}`, [...(samples.get(`${variant.name}|${route}`) ?? []), ...times]);
          spans.set(`${variant.name}|${route}`, (exported - before) / CALLS);
        }
        variant.instrumentation?.disable();
      }
    }
  } finally {
    await provider.shutdown();
    server.closeAllConnections();
    server.close();
  }
  const medians = new Map([...samples].map(([key, times]) => [key, quantile([...times].sort((a, b) => a - b), 0.5)]));
  return list.flatMap((variant) => ROUTES.map((route: Route) => {
    const sorted = [...(samples.get(`${variant.name}|${route}`) ?? [])].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    return {
      name: variant.name,
      answer: route === 'ok' ? '200' : '500 JSON',
      medianMicros: round2(median * 1000),
      p99Micros: round2(quantile(sorted, 0.99) * 1000),
      addedOverBareMicros: round2((median - (medians.get(`bare fetch|${route}`) ?? Number.NaN)) * 1000),
      addedOverOtelMicros: round2((median - (medians.get(`opentelemetry undici|${route}`) ?? Number.NaN)) * 1000),
      spansPerCall: spans.get(`${variant.name}|${route}`) ?? 0,
      samples: sorted.length,
    };
  }));
}
