// The failure-path benchmark's process: records FAILURES failures the way a framework capture does (a
// server span, the failure recorded on it, the span ended), 50 per turn of the event loop so the export
// pipeline runs between them as under load, then flushes and reports the CPU time it used for all of it
// over IPC. MODE=faultline records with Faultline's capture (exception event, fingerprint, redaction,
// stdout line, OTLP log record) under its preload; MODE=opentelemetry with the SDK's own
// span.recordException and an ERROR status under the plain OpenTelemetry preload.
const path = require('node:path');
const { trace, SpanKind, SpanStatusCode } = require('@opentelemetry/api');

const FAILURES = Number(process.env.FAILURES ?? 20000);
const TURN = 50;
const tracer = trace.getTracer('bench-failure-path');

function recorder() {
  if (process.env.MODE === 'opentelemetry') {
    return (error, span) => {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    };
  }
  const dist = path.join(path.dirname(require.resolve('@faultline/node/package.json')), 'dist');
  const { captureFailure } = require(path.join(dist, 'capture', 'capture.js'));
  return (error, span) => captureFailure(error, undefined, 'express', span, 500);
}

async function flush() {
  if (process.env.MODE === 'opentelemetry') await trace.getTracerProvider().getDelegate?.().forceFlush?.();
  else await require('@faultline/node').flushTelemetry(10_000);
}

const record = recorder();

function saveOrder(id) {
  throw new Error(`order ${id} could not be saved`);
}

function oneFailure(id) {
  const span = tracer.startSpan('GET /fail', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': '/fail' } });
  try {
    saveOrder(id);
  } catch (error) {
    record(error, span);
  }
  span.end();
}

async function main() {
  // Alive like a server: with nothing else pending during a flush, the event loop would drain and the
  // preload's beforeExit handler shut the SDK down (exporter sockets and timers keep no process alive).
  const alive = setInterval(() => undefined, 1000);
  // Warm-up (JIT, lazily loaded parts), in turns like the measured part.
  for (let i = 0; i < 2000; i += TURN) {
    // Numbers of their own (above the measured ones): the sink counts distinct failures.
    for (let j = 0; j < TURN; j += 1) oneFailure(FAILURES + i + j);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await flush();
  const before = process.cpuUsage();
  for (let done = 0; done < FAILURES; done += TURN) {
    for (let i = 0; i < TURN; i += 1) oneFailure(done + i);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await flush();
  const used = process.cpuUsage(before);
  clearInterval(alive);
  process.send({ cpuMicrosPerFailure: (used.user + used.system) / FAILURES, warmup: 2000 }, () => process.disconnect());
}

main().catch((error) => {
  process.send({ error: String(error) }, () => process.disconnect());
});
