// Ships log lines to the Collector over OTLP from one pino worker thread (log-transport-worker.ts)
// shared by every Faultline logger of the process. Endpoint, headers and resource attributes come from the
// standard OTEL_* environment (read by the exporters and resource detectors in the worker); protocol and
// batching from Faultline's config. The worker's batch is flushed through shutdown.ts's registerFlush on
// SIGTERM, normal exit and crashes, so the record of a crash reaches the Collector before the exit.
import { join } from 'node:path';
import pino from 'pino';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../config';
import type { FaultlineConfig } from '../config';
import { warnOnce } from '../diag';
import type { WorkerOptions } from './log-transport-worker';
import { packageVersion } from '../package-version';
import { getRuntime } from '../runtime';
import { registerFlush } from '../process/shutdown';

/** The part of thread-stream Faultline uses. */
interface WorkerStream extends DestinationStream {
  flush(callback: (error?: Error) => void): void;
  on(event: 'error' | 'close', listener: (error?: Error) => void): unknown;
  emit(event: 'message', message: unknown): boolean;
}

/** At process exit pino ends the stream and waits for the worker; never longer than this. */
const CLOSE_TIMEOUT_MS = 1000;


function transportOptions(config: FaultlineConfig): WorkerOptions {
  return {
    closeTimeoutMs: CLOSE_TIMEOUT_MS,
    loggerName: '@faultline/node',
    loggerVersion: packageVersion,
    protocol: (config.otlpLogsProtocol ?? config.otlpProtocol) === 'http/json' ? 'http/json' : 'http/protobuf',
    ...(config.resourceDetectors === undefined ? {} : { resourceDetectors: config.resourceDetectors }),
    batch: {
      scheduledDelayMillis: config.logExportDelayMs,
      exportTimeoutMillis: config.logExportTimeoutMs,
      maxQueueSize: config.logMaxQueueSize,
      maxExportBatchSize: config.logMaxExportBatchSize,
    },
  };
}

function startShipping(config: FaultlineConfig): DestinationStream {
  const worker = pino.transport<WorkerOptions>({
    target: join(__dirname, 'log-transport-worker.js'),
    options: transportOptions(config),
    // The worker must not run the app's --require/--import preload (a second SDK in the worker).
    worker: { execArgv: [] },
  }) as unknown as WorkerStream;
  let closed = false;
  let written = 0;
  let flushedAt = 0;
  worker.on('error', (error) => warnOnce('log-shipping', 'log shipping over OTLP stopped; logs still go to stdout', error));
  worker.on('close', () => { closed = true; });
  // pino tells a transport its levels and keys only when it is the logger's sole destination; the loggers
  // here write through a multistream, so say it once for all of them (they all use pino's defaults).
  worker.emit('message', { code: 'PINO_CONFIG', config: { levels: pino.levels, messageKey: 'msg', errorKey: 'err' } });

  registerFlush('logs', () => {
    if (closed || written === flushedAt) return Promise.resolve();
    flushedAt = written;
    return new Promise<void>((resolve, reject) => {
      worker.flush((error) => (error === undefined || error === null ? resolve() : reject(error)));
    });
  });

  return {
    write(line: string) {
      if (closed) return;
      written += 1;
      worker.write(line);
    },
  };
}

let shipping: DestinationStream | null | undefined;

/** The shared OTLP log destination, started on first use; undefined when it could not start. */
export function otlpLogDestination(config: FaultlineConfig): DestinationStream | undefined {
  if (shipping === undefined) {
    shipping = null;
    try {
      shipping = startShipping(config);
    } catch (error) {
      warnOnce('log-shipping-start', 'log shipping over OTLP could not start; logs still go to stdout', error);
    }
  }
  return shipping ?? undefined;
}

/**
 * A destination that ships once the preload runs: a logger made before the SDK started (a logger module
 * imported first) still ships what it writes afterwards; lines written before that go to stdout only.
 * `force` ships even without the preload.
 */
export function deferredOtlpDestination(force: boolean): DestinationStream {
  let target: DestinationStream | null | undefined;
  return {
    write(line: string) {
      if (target === undefined) {
        const runtime = getRuntime();
        if (!force && runtime === undefined) return;
        const config = runtime?.config ?? loadConfig();
        const wanted = force || (runtime?.sdkStarted === true && !config.sdkDisabled && config.logsExporter === 'otlp');
        target = wanted ? (otlpLogDestination(config) ?? null) : null;
      }
      if (target !== null) target.write(line);
    },
  };
}
