// Hono 4 scenario app (CommonJS) on @hono/node-server, written as Hono's docs show. OWN_ON_ERROR=1 adds
// the app's own onError, which hands the error to Faultline's logger and answers 503. Secrets are fake.
const { serve } = require('@hono/node-server');
const { Hono } = require('hono');
const { HTTPException } = require('hono/http-exception');
const { createLogger } = require('@faultline/node');

const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';
const logger = createLogger({ name: 'hono' });

const app = new Hono();
app.get('/ok', (c) => c.json({ ok: true }));
app.get('/orders/:id', async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  throw new Error(`charge failed api_key=${FAKE_SECRET}`);
});
app.get('/forbidden', () => {
  throw new HTTPException(403, { message: 'not yours' });
});
if (process.env.OWN_ON_ERROR === '1') {
  app.onError((err, c) => {
    logger.error({ err }, 'request failed');
    return c.json({ handledBy: 'app' }, 503);
  });
}

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`LISTENING ${info.port}\n`);
});
process.on('unhandledRejection', (reason) => {
  process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
});
module.exports = { server };
