// Routes shared by the Fastify 4 and 5 scenario apps (CommonJS and ESM). Secrets are fake.
const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';

function build(Fastify) {
  const app = Fastify();
  app.get('/ok', async () => ({ ok: true }));
  app.get('/sync-throw', () => {
    throw new Error('sync handler failed');
  });
  app.get('/async-throw', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error(`async handler failed api_key=${FAKE_SECRET}`);
  });
  // CORS set before the handler fails, and errors carrying err.headers (the http-errors convention).
  app.register(async (scoped) => {
    scoped.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', 'https://app.example.test');
    });
    scoped.get('/cors/boom', async (_request, reply) => {
      reply.header('content-disposition', 'attachment; filename="report.csv"');
      await Promise.resolve();
      throw Object.assign(new Error('upstream down'), { headers: { 'x-upstream-host': 'db.internal' } });
    });
    scoped.post('/cors/boom', async () => {
      throw Object.assign(new Error('Method Not Allowed'), { status: 405, expose: true, headers: { allow: 'GET' } });
    });
  });
  app.register(async (scoped) => {
    scoped.setErrorHandler(async (_error, _request, reply) => {
      reply.code(503).send({ handledBy: 'app' });
    });
    scoped.get('/own/boom', async () => {
      throw new Error('handled by the app');
    });
  });
  // A route's own error handler (the route option, not setErrorHandler).
  app.get('/own/route-handler', {
    errorHandler: async (_error, _request, reply) => {
      reply.code(504).send({ handledBy: 'route' });
    },
  }, async () => {
    throw new Error('handled by the route');
  });
  // The app's own 404 handler for one prefix: Faultline's default 404 must not replace it.
  app.register(async (scoped) => {
    scoped.setNotFoundHandler((_request, reply) => reply.code(404).send({ notFoundBy: 'app' }));
  }, { prefix: '/mine' });
  return app;
}

function listen(app) {
  process.on('unhandledRejection', (reason) => {
    process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
  });
  app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
    process.stdout.write(`LISTENING ${app.server.address().port}\n`);
  });
}

module.exports = { build, listen };
