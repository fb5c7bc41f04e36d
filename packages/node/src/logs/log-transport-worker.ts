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
// Loaded by path inside the worker: it imports libraries and pure helpers (the OTLP/protobuf encoder among
// them), never the SDK's start-up.
import type { Transform } from 'node:stream';
import build from 'pino-abstract-transport';
import type * as LogsJson from '@opentelemetry/exporter-logs-otlp-http';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { BatchLogRecordProcessorOptions } from '@opentelemetry/sdk-logs';
import { lineToRecord } from './log-line-record';
import { createProtobufLogExporter } from '../otlp-protobuf/protobuf-exporters';
import { detectResource } from '../sdk/resource-detectors';

export interface WorkerOptions {
  readonly loggerName: string;
  readonly loggerVersion: string;
  readonly protocol: 'http/json' | 'http/protobuf';
  readonly batch: Omit<BatchLogRecordProcessorOptions, 'exporter'>;
  /** The main thread's OTEL_NODE_RESOURCE_DETECTORS, so records name the same resource as its spans. */
  readonly resourceDetectors?: readonly string[];
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

export default async function faultlineLogTransport(options: WorkerOptions): Promise<Transform> {
  // Endpoint, headers, timeout and compression: the exporters read OTEL_EXPORTER_OTLP_* themselves.
  /* eslint-disable @typescript-eslint/no-require-imports -- only the exporter of the encoding in use. */
  const exporter = options.protocol === 'http/json'
    ? new (require('@opentelemetry/exporter-logs-otlp-http') as typeof LogsJson).OTLPLogExporter()
    : createProtobufLogExporter({});
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new LoggerProvider({
    resource: detectResource(options.resourceDetectors),
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
