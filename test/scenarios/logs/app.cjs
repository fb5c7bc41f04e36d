// Logs scenario, CommonJS under `--require`: pino and @faultline/node load after the SDK started.
const http = require('node:http');
const pino = require('pino');
const { createLogger, faultlinePinoOptions, getRequestId, securityEvent } = require('@faultline/node');
const createHandler = require('./routes.cjs');

const logger = createLogger({ name: 'logs-scenario' });
const ownLogger = pino({ ...faultlinePinoOptions(), name: 'own' });
const server = http.createServer(createHandler({ logger, ownLogger, securityEvent, getRequestId }));
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
