// The Express 4 app the peers benchmark measures: /ok (a JSON answer), /fail (an async handler that
// throws, passed to next(err), answered 500 by the app's own error middleware) and /log (one structured
// log line, then a JSON answer). BENCH_PEER=sentry adds Sentry's Express error handler in front of the
// app's own, as Sentry's setup tells its users to; Elastic and OpenTelemetry see next(err) themselves.
const express = require('express');
const pino = require('pino');

const logger = pino();
let failures = 0;
const app = express();
app.set('env', 'test');
app.get('/ok', (_req, res) => {
  res.json({ ok: true, items: [1, 2, 3] });
});
app.get('/fail', async (_req, _res, next) => {
  try {
    await Promise.resolve();
    // Numbered, so the benchmark's sink can count which failures arrived (and a retried batch once).
    failures += 1;
    throw new Error(`order ${failures} could not be saved`);
  } catch (error) {
    next(error);
  }
});
app.get('/log', (_req, res) => {
  logger.info({ orderId: 1234 }, 'order saved');
  res.json({ ok: true });
});
if (process.env.BENCH_PEER === 'sentry') require('@sentry/node').setupExpressErrorHandler(app);
// The app's own 500 answer (Express knows error middleware by its four parameters).
// eslint-disable-next-line @typescript-eslint/no-unused-vars
app.use((_error, _req, res, _next) => {
  res.status(500).json({ error: 'internal error' });
});
const server = app.listen(0, '127.0.0.1', () => {
  if (process.send) process.send({ listening: server.address().port });
  else process.stdout.write(`LISTENING ${server.address().port}\n`);
});
