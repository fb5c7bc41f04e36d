// Koa 2 scenario app, ESM. Secrets are fake.
import Koa from 'koa';

const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';
const app = new Koa();

// The Koa idiom for an app's own error handling: answer, then emit 'error' for logging.
app.use(async (ctx, next) => {
  if (!ctx.path.startsWith('/own')) return next();
  try {
    await next();
  } catch (error) {
    ctx.status = 503;
    ctx.body = { handledBy: 'app' };
    ctx.app.emit('error', error, ctx);
  }
});
app.use(async (ctx) => {
  if (ctx.path === '/ok') ctx.body = { ok: true };
  else if (ctx.path === '/async-throw') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error(`async handler failed api_key=${FAKE_SECRET}`);
  } else if (ctx.path === '/sync-throw') throw new Error('sync handler failed');
  else if (ctx.path === '/own/boom') throw new Error('handled by the app');
});

process.on('unhandledRejection', (reason) => {
  process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
