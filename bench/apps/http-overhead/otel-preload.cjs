// Baseline: the plain OpenTelemetry preload a team would write (http + Express, every trace kept,
// OTLP/HTTP export to the benchmark's local sink).
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');

const sdk = new NodeSDK({
  spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
});
sdk.start();
process.once('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
