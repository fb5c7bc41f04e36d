// Express 4 app for the sampling scenario: one route that fails, one that succeeds, a failing route in a
// router mounted under a path with a parameter (its route is built from the layers it passed), and a
// route whose failure the app's own error middleware answers.
const express = require('express');

const app = express();
app.get('/fail/:n', () => {
  throw new Error('payment declined');
});
app.get('/ok/:n', (req, res) => res.json({ ok: true }));
const orders = express.Router();
orders.get('/:id/fail', () => {
  throw new Error('order declined');
});
app.use('/shops/:shop/orders', orders);
// Failures the app's own error middleware answers (recorded after the turn that finished the response).
app.get('/own/:n', async (req, res, next) => {
  await Promise.resolve();
  next(new Error(`order ${req.params.n} could not be saved`));
});
// eslint-disable-next-line @typescript-eslint/no-unused-vars
app.use('/own', (error, req, res, next) => {
  res.status(503).json({ error: 'unavailable' });
});
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
