// http-overhead-fastify: the http-overhead measurement on a Fastify 4 app
// (bench/apps/http-overhead/fastify.cjs), whose framework answers the error route itself:
// uninstrumented, the plain OpenTelemetry preload (http + Express instrumentations, every trace kept) and
// Faultline. Same knobs as http-overhead (BENCH_ROUNDS, BENCH_DURATION_S, BENCH_CONNECTIONS).
import { run as runHttpOverhead } from './http-overhead.bench';
import type { RunOptions, VariantResult } from './http-overhead.bench';

export { formatTable } from './http-overhead.bench';

export function run(options: RunOptions = {}): Promise<VariantResult[]> {
  return runHttpOverhead({ ...options, app: 'fastify.cjs', only: options.only ?? ['opentelemetry', 'faultline'] });
}
