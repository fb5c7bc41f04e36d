// A metrics pipeline only when OTEL_METRICS_EXPORTER asks for one, its packages loaded only then: OTLP
// over HTTP in the configured encoding, or the console, read every OTEL_METRIC_EXPORT_INTERVAL (60 s).
// Faultline's own metrics are the server spans' `http.server.request.duration` and its loss counters
// `faultline.sdk.*` (sdk-metrics.ts).
import { metrics } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type * as OtlpHttp from '@opentelemetry/exporter-metrics-otlp-http';
import type * as OtlpProto from '@opentelemetry/exporter-metrics-otlp-proto';
import type * as SdkMetrics from '@opentelemetry/sdk-metrics';
import type { MeterProvider, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { FaultlineConfig, OtlpProtocol } from '../config';
import { warnOnce } from '../diag';
import { otlpOptions } from '../export/export-keeps-no-process';

type MetricsConfig = Pick<FaultlineConfig, 'metricsExporter' | 'otlpProtocol' | 'metricExportIntervalMs' | 'metricExportTimeoutMs' | 'shutdownTimeoutMs'>;

/* eslint-disable @typescript-eslint/no-require-imports -- loaded only when metrics are configured. */
function exporterFor(name: string, protocol: OtlpProtocol, sdk: typeof SdkMetrics): PushMetricExporter | undefined {
  if (name === 'console') return new sdk.ConsoleMetricExporter();
  if (name !== 'otlp') return undefined;
  if (protocol === 'http/json') return new (require('@opentelemetry/exporter-metrics-otlp-http') as typeof OtlpHttp).OTLPMetricExporter(otlpOptions());
  return new (require('@opentelemetry/exporter-metrics-otlp-proto') as typeof OtlpProto).OTLPMetricExporter(otlpOptions());
}

let started: MeterProvider | undefined;

/** Exports what the metric readers hold now (the failure counts before a crash exit); never rejects. */
export async function flushMetrics(): Promise<void> {
  await started?.forceFlush().catch(() => undefined);
}

/** The global MeterProvider for `OTEL_METRICS_EXPORTER` (a comma-separated list), or undefined for none. */
export function startMetrics(config: MetricsConfig, resource: Resource): MeterProvider | undefined {
  const { metricsExporter: exporters, otlpProtocol: protocol, metricExportIntervalMs, metricExportTimeoutMs } = config;
  // The reader's export timeout is a ref'd timer, and shutdown runs one last export: capped at the
  // shutdown bound, a Collector that never answers cannot hold the exit past it.
  const exportTimeoutMillis = Math.max(1, Math.min(metricExportTimeoutMs ?? 30_000, metricExportIntervalMs ?? 60_000, config.shutdownTimeoutMs));
  const names = [...new Set((exporters ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean))];
  if (names.length === 0 || names.includes('none')) return undefined;
  const sdk = require('@opentelemetry/sdk-metrics') as typeof SdkMetrics;
  const readers = names.flatMap((name) => {
    const exporter = exporterFor(name, protocol, sdk);
    if (exporter === undefined) warnOnce(`metrics:${name}`, `OTEL_METRICS_EXPORTER=${name} is not supported (otlp, console, none)`);
    return exporter === undefined ? [] : [new sdk.PeriodicExportingMetricReader({
      exporter,
      ...(metricExportIntervalMs === undefined ? {} : { exportIntervalMillis: metricExportIntervalMs }),
      exportTimeoutMillis,
    })];
  });
  if (readers.length === 0) return undefined;
  const provider = new sdk.MeterProvider({ resource, readers });
  metrics.setGlobalMeterProvider(provider);
  started = provider;
  return provider;
}
/* eslint-enable @typescript-eslint/no-require-imports */
