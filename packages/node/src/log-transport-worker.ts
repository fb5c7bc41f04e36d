// The pino transport target Faultline runs in pino's worker thread: pino-opentelemetry-transport, plus
// - a `flush()` that exports the worker's pending batch: thread-stream (>= 4) calls a destination's flush
//   when the main thread calls `stream.flush(cb)`, so the main thread can wait for the Collector to have
//   the records (SIGTERM, crash, exit) without ending the stream and without blocking its event loop;
// - a bound on the final shutdown: pino ends the stream synchronously at process exit and thread-stream
//   blocks the main thread until the worker closes, which with an unreachable Collector is the exporter's
//   whole timeout.
// This file is loaded by path inside the worker; it must not import the rest of the package.
import { createRequire } from 'node:module';
import type { Transform } from 'node:stream';

const requireHere = createRequire(__filename);
const transportPath = requireHere.resolve('pino-opentelemetry-transport');
// The transport registers its LoggerProvider with its own copy of the logs API: ask that copy.
const requireFromTransport = createRequire(transportPath);

type OtelTransport = (options: Record<string, unknown>) => Promise<Transform>;
interface FlushableProvider { forceFlush?: () => Promise<void> }
interface LogsApi { logs: { getLoggerProvider(): FlushableProvider } }

export interface WorkerOptions {
  /** Options for pino-opentelemetry-transport. */
  readonly transport: Record<string, unknown>;
  /** Upper bound for the final shutdown (export of what is left) when the stream ends. */
  readonly closeTimeoutMs: number;
}

function boundClose(destination: Transform, timeoutMs: number): void {
  const destroy = destination._destroy.bind(destination);
  destination._destroy = (error, callback) => {
    let done = false;
    const finish = (failure?: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      callback(failure ?? error);
    };
    const timer = setTimeout(finish, timeoutMs);
    destroy(error, finish);
  };
}

/**
 * The transport detects its own resource. Left to its defaults it adds a random `service.instance.id` that
 * the main thread's SDK (env, process and host detectors by default) does not have, so the app's log records
 * would name another instance than its spans. Use the SDK's default detectors unless the user chose some.
 * This thread has its own copy of the environment, so the main thread is unaffected.
 */
function alignResourceDetectors(): void {
  // eslint-disable-next-line no-restricted-properties -- the worker's own environment copy, not config.
  const env = process.env;
  if ((env.OTEL_NODE_RESOURCE_DETECTORS ?? '').trim() === '') env.OTEL_NODE_RESOURCE_DETECTORS = 'env,process,host';
}

export default async function faultlineLogTransport(options: WorkerOptions): Promise<Transform> {
  alignResourceDetectors();
  const otelTransport = requireHere(transportPath) as OtelTransport;
  const { logs } = requireFromTransport('@opentelemetry/api-logs') as LogsApi;
  const destination = await otelTransport(options.transport);
  Object.assign(destination, {
    async flush(): Promise<void> {
      // Lines already read by this thread may still sit in the transport's async iterator for a turn.
      await new Promise((resolve) => setImmediate(resolve));
      await logs.getLoggerProvider().forceFlush?.();
    },
  });
  boundClose(destination, options.closeTimeoutMs);
  return destination;
}
