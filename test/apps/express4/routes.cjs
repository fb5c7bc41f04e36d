// Routes shared by the CommonJS (app.cjs) and ESM (app.mjs) Express scenario apps.
// Secrets here are fake, shaped like real ones so the redactor must catch them.
const { ValidationError } = require('@faultline/core');
const { getRequestId } = require('@faultline/node');

const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';
function defineRoutes(express, app) {
  app.use(express.json());
  app.get('/ok', (_req, res) => res.json({ ok: true, requestId: getRequestId() }));
  app.get('/sync-throw', () => {
    throw new Error('sync handler failed');
  });
  app.get('/async-throw', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error('async handler failed');
  });
  app.post('/secret', async (req) => {
    await Promise.resolve();
    throw new Error(`payment failed for api_key=${FAKE_SECRET} body ${JSON.stringify(req.body)}`);
  });
  app.get('/invalid', async () => {
    throw new ValidationError('email must be an email address');
  });
  app.get('/partial', async (_req, res) => {
    res.write('partial');
    await Promise.resolve();
    throw new Error('failed after the headers were sent');
  });
  app.get('/next-error', (_req, _res, next) => next(new Error('passed to next')));

  // CORS middleware the app runs before its handlers: a browser can only read the problem if it survives.
  const cors = express.Router();
  cors.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', 'https://app.example.test');
    res.set('Vary', 'Origin');
    next();
  });
  cors.get('/boom', async (_req, res) => {
    res.set('Content-Disposition', 'attachment; filename="report.csv"');
    await Promise.resolve();
    throw new Error('cors handler failed');
  });
  // The http-errors shape: an exposed 405 whose Allow header belongs on the answer.
  cors.post('/boom', () => {
    throw Object.assign(new Error('Method Not Allowed'), { status: 405, expose: true, headers: { Allow: 'GET' } });
  });
  app.use('/cors', cors);

  // A router with the app's own error middleware: its response must win, and the error still be recorded.
  const own = express.Router();
  own.get('/boom', async () => {
    throw new Error('handled by the app');
  });
  // The same, answered by an app that exits as soon as the answer is out (before the turn ends).
  own.get('/boom-then-exit', async () => {
    throw new Error('handled, then the app exits');
  });
  // Express recognises error middleware by its four parameters.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  own.use((error, req, res, _next) => {
    if (req.path === '/boom-then-exit') res.on('finish', () => process.exit(0));
    res.status(503).json({ handledBy: 'app', message: 'try later' });
  });
  app.use('/own', own);

  // A router with the app's own 404 handler: Faultline's default 404 must not replace it.
  const mine = express.Router();
  mine.use((_req, res) => res.status(404).json({ notFoundBy: 'app' }));
  app.use('/mine', mine);
}

function listen(app) {
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
  process.on('unhandledRejection', (reason) => {
    process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
  });
}

module.exports = { FAKE_SECRET, defineRoutes, listen };
