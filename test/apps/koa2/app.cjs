// Koa 2 scenario app, CommonJS: an async throw, loaded through require (the ESM app has the full set).
const Koa = require('koa');

const app = new Koa();
app.use(async (ctx) => {
  if (ctx.path === '/ok') ctx.body = { ok: true };
  else if (ctx.path === '/async-throw') throw new Error('async handler failed');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
