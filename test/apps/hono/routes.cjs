// Routes shared by the Hono scenario apps (CommonJS and ESM), written as Hono's docs show. OWN_ON_ERROR=1
// adds the app's own onError, which hands the error to Faultline's logger and answers 503. Secrets are fake.
const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';

function build({ Hono, HTTPException, logger }) {
  const app = new Hono();
  app.get('/ok', (c) => c.json({ ok: true }));
  app.get('/orders/:id', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error(`charge failed api_key=${FAKE_SECRET}`);
  });
  app.get('/forbidden', () => {
    throw new HTTPException(403, { message: 'not yours' });
  });
  // A sub-app without its own onError: its errors reach the parent's handler, as without Faultline.
  const admin = new Hono();
  admin.get('/boom', () => {
    throw new Error('admin failed');
  });
  app.route('/admin', admin);
  // A sub-app made with basePath() (Hono copies the app for it): its errors reach the parent's handler too.
  const api = new Hono().basePath('/api');
  api.get('/boom', () => {
    throw new Error('api failed');
  });
  app.route('/', api);
  if (process.env.OWN_ON_ERROR === '1') {
    app.onError((err, c) => {
      logger.error({ err }, 'request failed');
      return c.json({ handledBy: 'app' }, 503);
    });
  }
  return app;
}

function listen(serve, app) {
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`LISTENING ${info.port}\n`);
  });
  process.on('unhandledRejection', (reason) => {
    process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
  });
}

module.exports = { build, listen };
