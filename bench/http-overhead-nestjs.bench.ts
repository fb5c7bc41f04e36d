// http-overhead-nestjs: the http-overhead measurement on a NestJS (Express platform) app
// (bench/apps/http-overhead/nest.cjs), whose framework answers the error route itself:
// uninstrumented, the plain OpenTelemetry preload (http + Express instrumentations, every trace kept) and
// Faultline. Same knobs as http-overhead (BENCH_ROUNDS, BENCH_DURATION_S, BENCH_CONNECTIONS).
import { run as runHttpOverhead } from './http-overhead.bench';
import type { RunOptions, VariantResult } from './http-overhead.bench';

export { formatTable } from './http-overhead.bench';

export function run(options: RunOptions = {}): Promise<VariantResult[]> {
  return runHttpOverhead({ ...options, app: 'nest.cjs', only: options.only ?? ['opentelemetry', 'faultline'] });
}
