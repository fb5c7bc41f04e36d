// The plain OpenTelemetry preload (http + Express, every trace recorded) with no span processor: spans
// are made and ended, nothing holds them afterwards. What the recording path alone leaves to the GC.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');

new NodeSDK({ spanProcessors: [], instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()] }).start();
