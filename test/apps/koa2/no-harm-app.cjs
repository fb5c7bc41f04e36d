// Koa do-no-harm app, shared by the Koa 2 and Koa 3 scenario apps (each passes its own Koa).
const fs = require('node:fs');

function startKoaApp(Koa, setup = () => undefined) {
  const app = new Koa();
  setup(app);
  try {
    app.use(null);
  } catch (error) {
    process.stdout.write(`USE_NULL ${error.message}\n`);
  }
  app.on('error', (error) => process.stdout.write(`ERROR_EVENT ${error.message} status=${error.status}\n`));
  // The Koa idiom: the app answers the failure itself (a 403), then emits it for logging.
  app.use(async (ctx, next) => {
    if (ctx.path !== '/own-403') return next();
    try {
      throw new Error('not allowed here');
    } catch (error) {
      ctx.status = 403;
      ctx.body = { handledBy: 'app' };
      ctx.app.emit('error', error, ctx);
    }
  });
  app.use(async (ctx) => {
    if (ctx.path === '/ok') ctx.body = { ok: true };
    else if (ctx.path === '/forbidden') ctx.throw(403);
    else if (ctx.path === '/status-code-field') throw Object.assign(new Error('gone'), { statusCode: 410 });
    else if (ctx.path === '/enoent') await fs.promises.readFile('/no/such/file/for/faultline');
    else if (ctx.path === '/explicit-null') {
      ctx.body = null;
      ctx.status = 404;
    } else if (ctx.path === '/non-error') throw { reason: 'plain object' };
    else if (ctx.path === '/async-throw') throw new Error('async handler failed');
  });
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
}

module.exports = { startKoaApp };
