// beyond-http: what Faultline adds per WebSocket message and per BullMQ job, in one run, against the same
// work uninstrumented and under the plain OpenTelemetry preload (with bullmq-otel given to the queue and
// worker, as a team would wire it by hand). Each variant runs bench/apps/beyond-http/workload.cjs in its
// own process against one private redis-server and a local OTLP sink that answers 200; rows give wall
// and CPU microseconds per message round trip and per job, and the cost added over uninstrumented.
// `npm run bench -- beyond-http`; BENCH_MESSAGES (2000) and BENCH_JOBS (300) tune it. Needs
// `npx tsc --build` and redis-server on PATH.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startRedis } from '../test/support/redis-server';

const APP_DIR = path.join(__dirname, 'apps', 'beyond-http');

interface Variant { readonly name: string; readonly nodeArgs: readonly string[]; readonly env: Readonly<Record<string, string>> }
interface Cost { readonly wall: number; readonly cpu: number }
interface Measured { readonly ws: Cost; readonly job: Cost }

const VARIANTS: readonly Variant[] = [
  { name: 'uninstrumented', nodeArgs: [], env: {} },
  { name: 'opentelemetry', nodeArgs: ['--require', path.join(APP_DIR, 'otel-preload.cjs')], env: { BENCH_BULLMQ_OTEL: '1' } },
  { name: 'faultline', nodeArgs: ['--require', '@faultline/node/instrument'], env: {} },
];

function runWorkload(variant: Variant, env: Record<string, string>): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...variant.nodeArgs, path.join(APP_DIR, 'workload.cjs')], {
      env: { ...process.env, ...env, ...variant.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => { out += text; });
    child.stderr.setEncoding('utf8').on('data', (text: string) => { err += text; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Measured);
      else reject(new Error(`${variant.name}: exit ${code}\n${err}`));
    });
  });
}

const round = (value: number): number => Math.round(value * 10) / 10;

export async function run(): Promise<Record<string, unknown>[]> {
  const sink = createServer((req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
  sink.listen(0, '127.0.0.1');
  await new Promise((resolve) => sink.once('listening', resolve));
  const redis = await startRedis();
  const env = {
    REDIS_PORT: String(redis.port),
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
    OTEL_METRICS_EXPORTER: 'none',
    NODE_ENV: 'production',
  };
  const results: { variant: string; measured: Measured }[] = [];
  try {
    for (const variant of VARIANTS) results.push({ variant: variant.name, measured: await runWorkload(variant, env) });
  } finally {
    await redis.stop();
    sink.close();
  }
  const base = results[0]!.measured;
  return results.map(({ variant, measured }) => ({
    variant,
    'ws µs/message': round(measured.ws.wall),
    'ws CPU µs/message': round(measured.ws.cpu),
    'ws CPU added µs': round(measured.ws.cpu - base.ws.cpu),
    'job µs/job': round(measured.job.wall),
    'job CPU µs/job': round(measured.job.cpu),
    'job CPU added µs': round(measured.job.cpu - base.job.cpu),
  }));
}
