// Logs scenario, CommonJS, no preload flag: pino and the Faultline logger are loaded (and made) BEFORE the SDK
// starts, so instrumentation-pino never patches them; correlation must not depend on it.
const pino = require('pino');
const { createLogger, faultlinePinoOptions, getRequestId, securityEvent } = require('@faultline/node');

// Loggers made before the SDK starts too (a logger module loaded first): they must still ship and correlate.
const logger = createLogger({ name: 'logs-scenario' });
const ownLogger = pino({ ...faultlinePinoOptions(), name: 'own' });

require('@faultline/node/instrument');
const http = require('node:http');
const createHandler = require('./routes.cjs');
const server = http.createServer(createHandler({ logger, ownLogger, securityEvent, getRequestId }));
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
