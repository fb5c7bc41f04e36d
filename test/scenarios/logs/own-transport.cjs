// Logs scenario: an app's own pino instance that ships with its own pino-opentelemetry-transport, under the
// preload. instrumentation-pino must not send the same records a second time (disableLogSending).
const path = require('node:path');
const pino = require('pino');

const target = require.resolve('pino-opentelemetry-transport', { paths: [path.dirname(require.resolve('@faultline/node'))] });
const logger = pino({ transport: { target } });
logger.info({ marker: process.env.MARKER }, `own transport line ${process.env.MARKER}`);
