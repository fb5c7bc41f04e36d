// Express 4 app for the sampling scenario: one route that fails, one that succeeds, and a failing route
// in a router mounted under a path with a parameter (its route is built from the layers it passed).
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
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
