// A script that does its work and ends (no server): normal exit must flush what it recorded, and the
// exit code it set stays as it was.
const { trace } = require('@opentelemetry/api');

trace.getTracer('batch-job').startActiveSpan('nightly-job', (span) => {
  span.setAttribute('job.items', 3);
  span.end();
});
process.exitCode = 3;
