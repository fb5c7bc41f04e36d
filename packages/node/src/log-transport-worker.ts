// The pino transport target Faultline runs in pino's worker thread. Each line becomes an OTLP log record
// through the same OpenTelemetry packages as the main thread's SDK (sdk-logs, resources and the OTLP/HTTP
// exporters), so the process carries one copy of each; pino-abstract-transport (pino's own helper) reads
// the lines. Besides the records it gives
// - a `flush()` that exports the worker's pending batch: thread-stream (>= 4) calls a destination's flush
//   when the main thread calls `stream.flush(cb)`, so the main thread can wait for the Collector to have
//   the records (SIGTERM, crash, exit) without ending the stream and without blocking its event loop;
// - a bound on the final shutdown: pino ends the stream synchronously at process exit and thread-stream
//   blocks the main thread until the worker closes, which with an unreachable Collector is the exporter's
//   whole timeout.
// Loaded by path inside the worker: it imports libraries and the line mapper only, never the SDK's start-up.
import type { Transform } from 'node:stream';
import build from 'pino-abstract-transport';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { BatchLogRecordProcessorOptions } from '@opentelemetry/sdk-logs';
import { detectResources, envDetector, hostDetector, osDetector, processDetector, serviceInstanceIdDetector } from '@opentelemetry/resources';
import type { ResourceDetector } from '@opentelemetry/resources';
import { lineToRecord } from './log-line-record';

export interface WorkerOptions {
  readonly loggerName: string;
  readonly loggerVersion: string;
  readonly protocol: 'http/json' | 'http/protobuf';
  readonly batch: Omit<BatchLogRecordProcessorOptions, 'exporter'>;
  /** Upper bound for the final shutdown (export of what is left) when the stream ends. */
  readonly closeTimeoutMs: number;
}

const DETECTORS: Readonly<Record<string, readonly ResourceDetector[]>> = {
  env: [envDetector],
  host: [hostDetector],
  os: [osDetector],
  process: [processDetector],
  serviceinstance: [serviceInstanceIdDetector],
  all: [envDetector, hostDetector, osDetector, processDetector, serviceInstanceIdDetector],
  none: [],
};

/**
 * The detectors the main thread's NodeSDK uses, so the records name the same resource as the spans:
 * OTEL_NODE_RESOURCE_DETECTORS when set, else the SDK's defaults (env, process, host). This thread has its
 * own copy of the environment.
 */
function resourceDetectors(): ResourceDetector[] {
  // eslint-disable-next-line no-restricted-properties -- the worker's own environment copy, not config.
  const names = (process.env.OTEL_NODE_RESOURCE_DETECTORS ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return [envDetector, processDetector, hostDetector];
  if (names.includes('none')) return [];
  return names.flatMap((name) => DETECTORS[name] ?? []);
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

export default async function faultlineLogTransport(options: WorkerOptions): Promise<Transform> {
  // Endpoint, headers, timeout and compression: the exporters read OTEL_EXPORTER_OTLP_* themselves.
  const exporter = options.protocol === 'http/json' ? new JsonLogExporter() : new ProtobufLogExporter();
  const provider = new LoggerProvider({
    resource: detectResources({ detectors: resourceDetectors() }),
    processors: [new BatchLogRecordProcessor({ ...options.batch, exporter })],
  });
  const logger = provider.getLogger(options.loggerName, options.loggerVersion);
  const destination = await build(async (source) => {
    const format = source as unknown as { messageKey?: string; levels?: { labels?: Record<number, string> } };
    const lineFormat = { messageKey: format.messageKey ?? 'msg', labels: format.levels?.labels ?? {} };
    for await (const line of source as AsyncIterable<Record<string, unknown>>) logger.emit(lineToRecord(line, lineFormat));
  }, { expectPinoConfig: true, close: () => provider.shutdown() });
  Object.assign(destination, {
    async flush(): Promise<void> {
      // Lines already read by this thread may still sit in the async iterator for a turn.
      await new Promise((resolve) => setImmediate(resolve));
      await provider.forceFlush();
    },
  });
  boundClose(destination, options.closeTimeoutMs);
  return destination;
}
