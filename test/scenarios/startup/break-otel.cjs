// Loaded before the preload (via NODE_OPTIONS) to make its start-up fail: registering the global tracer
// provider throws. The preload must say "not instrumented" once and let the app start anyway.
const api = require('@opentelemetry/api');

api.trace.setGlobalTracerProvider = () => {
  throw new Error('tracer provider registration refused by the host');
};
