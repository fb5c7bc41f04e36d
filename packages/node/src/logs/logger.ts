// createLogger: a pino logger whose every line is correlated with the active trace and request, scrubbed by
// Faultline's redactor, written as JSON to stdout and shipped over OTLP (when the preload runs).
import pino from 'pino';
import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import type { Redactor } from '@faultline/core';
import { loadConfig } from '../config';
import type { FaultlineConfig } from '../config';
import { faultlinePinoOptions } from './log-options';
import { deferredOtlpDestination } from './log-shipping';
import { getRuntime } from '../runtime';
import { stdoutLineDestination } from './stdout-lines';

export interface LoggerOptions {
  /** `name` field on every line. */
  readonly name?: string;
  /** Lowest level written; default FAULTLINE_LOG_LEVEL (`info`). */
  readonly level?: LevelWithSilent;
  /** JSON lines on stdout; default FAULTLINE_LOG_STDOUT (true). Ignored when `destination` is given. */
  readonly stdout?: boolean;
  /** Write the JSON lines here instead of stdout (a file, a test stream, a benchmark's no-op stream). */
  readonly destination?: DestinationStream;
  /**
   * Ship the records over OTLP from a worker thread. Default: on once the preload has started
   * the SDK and OTEL_LOGS_EXPORTER is `otlp` (its default); without the preload the logger writes JSON only.
   */
  readonly otlp?: boolean;
  /** Redactor; default the preload's (the rules spans get), else core's defaults. */
  readonly redactor?: Redactor;
  /** Fields on every line (pino `base`); default pid and hostname. */
  readonly base?: Record<string, unknown> | null;
  /** Extra pino serializers; their output is redacted too. */
  readonly serializers?: Readonly<Record<string, (value: unknown) => unknown>>;
}

export type { Logger };

function currentConfig(): FaultlineConfig {
  return getRuntime()?.config ?? loadConfig();
}

function destinationFor(options: LoggerOptions, config: FaultlineConfig): DestinationStream {
  const local = options.destination ?? ((options.stdout ?? config.logStdout) ? stdoutLineDestination() : undefined);
  const shipped = options.otlp === false ? undefined : deferredOtlpDestination(options.otlp === true);
  if (local !== undefined && shipped !== undefined) {
    // Level 0: the logger's own level decides; the streams take every line they are given.
    return pino.multistream([{ level: 0, stream: local }, { level: 0, stream: shipped }]);
  }
  return local ?? shipped ?? { write: () => undefined };
}

/** A pino logger, correlated (trace_id, span_id, trace_flags, request_id) and scrubbed on every line. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config = currentConfig();
  const faultline = faultlinePinoOptions({ redactor: options.redactor, serializers: options.serializers });
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? config.logLevel,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.base === undefined ? {} : { base: options.base }),
    ...(faultline as unknown as pino.LoggerOptions),
  };
  return pino(pinoOptions, destinationFor(options, config));
}

let internal: Logger | undefined;

/**
 * The SDK's own logger (failures, security events): level `info` whatever FAULTLINE_LOG_LEVEL says, so
 * a recorded failure is never filtered out; created on first use.
 */
export function faultlineLogger(): Logger {
  internal ??= createLogger({ name: 'faultline', level: 'info' });
  return internal;
}
