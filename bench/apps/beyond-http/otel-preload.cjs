// Baseline: the plain OpenTelemetry preload a team would write (http instrumentation, every trace kept,
// OTLP/HTTP export to the benchmark's local sink). ws has no OpenTelemetry instrumentation to add.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');

new NodeSDK({
  spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  instrumentations: [new HttpInstrumentation()],
}).start();
