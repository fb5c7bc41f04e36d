// Logs scenario, ESM, no preload flag: pino and the Faultline logger are imported BEFORE the SDK starts
// (the known trap: trace IDs missing because instrumentation-pino never sees these imports).
import pino from 'pino';
import { createLogger, faultlinePinoOptions, getRequestId, securityEvent } from '@faultline/node';
import createHandler from './routes.cjs';

// Loggers made before the SDK starts too (a logger module loaded first): they must still ship and correlate.
const logger = createLogger({ name: 'logs-scenario' });
const ownLogger = pino({ ...faultlinePinoOptions(), name: 'own' });

await import('@faultline/node/instrument');
const { default: http } = await import('node:http');
const server = http.createServer(createHandler({ logger, ownLogger, securityEvent, getRequestId }));
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
