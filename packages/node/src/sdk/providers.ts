// Starts OpenTelemetry's providers the way Faultline needs them, from Faultline's one config: diag,
// AsyncLocalStorage context, propagators, the resource, the tracer and logger providers (and metrics when
// asked), then the instrumentations. Not through OpenTelemetry's NodeSDK: it loads every exporter it
// could construct (gRPC, Zipkin, Prometheus, declarative configuration) when required, which cost start-up
// time and install size for code Faultline never runs.
import { DiagConsoleLogger, DiagLogLevel, context, diag, logs, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { IdGenerator, Sampler, SpanLimits, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { DiagLevel, FaultlineConfig } from '../config';
import { startMetrics } from './metrics';
import { setUpPropagation } from './propagation';
import { detectResource } from './resource-detectors';

export interface ProviderParts {
  readonly sampler: Sampler;
  readonly spanProcessors: SpanProcessor[];
  readonly logRecordProcessors: LogRecordProcessor[];
  readonly idGenerator?: IdGenerator;
  readonly instrumentations: Instrumentation[];
}

const DIAG_LEVELS: Readonly<Record<DiagLevel, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** The span-specific OTEL_SPAN_* limits, falling back to the general OTEL_ATTRIBUTE_* ones. */
function spanLimits(config: FaultlineConfig): SpanLimits {
  return {
    attributeValueLengthLimit: config.spanAttributeValueLengthLimit ?? config.attributeValueLengthLimit,
    attributeCountLimit: config.spanAttributeCountLimit ?? config.attributeCountLimit,
    eventCountLimit: config.spanEventCountLimit,
    linkCountLimit: config.spanLinkCountLimit,
  };
}

/** Sets the global providers and enables the instrumentations; returns how to shut them all down. */
export function startProviders(config: FaultlineConfig, parts: ProviderParts): () => Promise<void> {
  if (config.diagLevel !== undefined) diag.setLogger(new DiagConsoleLogger(), { logLevel: DIAG_LEVELS[config.diagLevel] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  setUpPropagation(config.propagators);
  const resource = detectResource(config.resourceDetectors);
  const meterProvider = startMetrics(config, resource);
  const tracerProvider = new TracerProvider({
    sampler: parts.sampler,
    spanLimits: spanLimits(config),
    resource,
    idGenerator: parts.idGenerator,
    spanProcessors: parts.spanProcessors,
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const loggerProvider = new LoggerProvider({
    resource,
    processors: parts.logRecordProcessors,
    logRecordLimits: { attributeValueLengthLimit: config.attributeValueLengthLimit, attributeCountLimit: config.attributeCountLimit },
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  registerInstrumentations({ instrumentations: parts.instrumentations, tracerProvider, meterProvider, loggerProvider });
  return async () => {
    await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider?.shutdown()]);
  };
}
