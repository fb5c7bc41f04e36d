// The least a tracer built on the OpenTelemetry SDK does for the peers app: one SERVER span per request
// (method and path, status code at the end) whose context the handlers run in, the failure recorded on it
// as the SDK records exceptions (raw message and stack) when Express hands the error to an error handler,
// and every span exported by the SDK's batch processor and OTLP/protobuf exporter (none with
// OTEL_TRACES_EXPORTER=none: spans made and let go). No request ID, no scrubbing, no log record: the floor
// under any OpenTelemetry-based SDK's cost, not a peer to pick.
const http = require('node:http');
const { context, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const Layer = require('express/lib/router/layer');

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exported = process.env.OTEL_TRACES_EXPORTER !== 'none';
const provider = new TracerProvider({ spanProcessors: exported ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] : [] });
trace.setGlobalTracerProvider(provider);
const tracer = trace.getTracer('otel-floor');

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function floorEmit(event, req, res) {
  if (event !== 'request') return emit.apply(this, arguments);
  const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.url } });
  res.once('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    span.end();
  });
  return context.with(trace.setSpan(ROOT_CONTEXT, span), () => emit.apply(this, arguments));
};

// Express calls handle_error on every layer while an error travels; only an error handler (four
// parameters) takes it, and the peers app has one.
const handleError = Layer.prototype.handle_error;
Layer.prototype.handle_error = function floorHandleError(error, req, res, next) {
  const span = this.handle.length === 4 ? trace.getActiveSpan() : undefined;
  if (span !== undefined) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  return handleError.call(this, error, req, res, next);
};

process.once('SIGTERM', () => {
  provider.shutdown().finally(() => process.exit(0));
});
