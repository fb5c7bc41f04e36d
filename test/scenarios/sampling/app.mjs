// Express 4 app for the sampling scenario (ESM): one route that fails, one that succeeds.
import express from 'express';

const app = express();
app.get('/fail/:n', () => {
  throw new Error('payment declined');
});
app.get('/ok/:n', (req, res) => res.json({ ok: true }));
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
