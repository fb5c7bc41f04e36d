// Logs scenario: an app's own pino instance that ships with its own pino-opentelemetry-transport, under the
// preload (a dev dependency of the repo, not of Faultline). instrumentation-pino must not send the same
// records a second time (disableLogSending).
const pino = require('pino');

const target = require.resolve('pino-opentelemetry-transport');
const logger = pino({ transport: { target } });
logger.info({ marker: process.env.MARKER }, `own transport line ${process.env.MARKER}`);
