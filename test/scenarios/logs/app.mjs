// Logs scenario, ESM under `--import`.
import http from 'node:http';
import pino from 'pino';
import { createLogger, faultlinePinoOptions, getRequestId, securityEvent } from '@faultline/node';
import createHandler from './routes.cjs';

const logger = createLogger({ name: 'logs-scenario' });
const ownLogger = pino({ ...faultlinePinoOptions(), name: 'own' });
const server = http.createServer(createHandler({ logger, ownLogger, securityEvent, getRequestId }));
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
