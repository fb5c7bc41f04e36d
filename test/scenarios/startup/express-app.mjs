// ESM Express app: proves the --import entry registered the loader hook (express is only instrumented
// through import-in-the-middle when imported from ESM).
import express from 'express';

const app = express();
app.get('/hello/:name', (req, res) => res.json({ hello: req.params.name }));
const api = express.Router();
api.get('/items/:id', (req, res) => res.json({ item: req.params.id }));
app.use('/api', api);
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
