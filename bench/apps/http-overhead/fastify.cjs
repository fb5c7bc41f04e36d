// The Fastify app the http-overhead-fastify benchmark measures: one success route, one error route whose
// throw Fastify's error handler answers (500). Fastify's logger is off (its default).
const Fastify = require('fastify');
const { announce } = require('./announce.cjs');

const app = Fastify();
app.get('/ok', async () => ({ ok: true, items: [1, 2, 3] }));
app.get('/fail', async () => {
  await Promise.resolve();
  throw new Error('order 1234 could not be saved');
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => announce(app.server));
