// The Express 4 app the http-overhead benchmark measures: one success route, one error route.
// The error route passes its error to next() (the pattern that works with and without Faultline) and the
// app runs in Express's 'test' env so the uninstrumented baseline does not print stacks to stderr.
const express = require('express');

const app = express();
app.set('env', 'test');
// http-overhead-body-parser: a body parser in front of every route, as most Express apps have.
if (process.env.HTTP_OVERHEAD_BODY_PARSER === '1') app.use(express.json());
app.get('/ok', (_req, res) => {
  res.json({ ok: true, items: [1, 2, 3] });
});
app.get('/fail', async (_req, _res, next) => {
  try {
    await Promise.resolve();
    throw new Error('order 1234 could not be saved');
  } catch (error) {
    next(error);
  }
});
const server = app.listen(0, '127.0.0.1', () => {
  // Over IPC when the benchmark started us (stdout is then discarded at no cost to either side).
  if (process.send) process.send({ listening: server.address().port });
  else process.stdout.write(`LISTENING ${server.address().port}\n`);
});
