// Plain node:http scenario app, ESM, with the sync throw only (the CJS one covers the rest).
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  if (req.url === '/sync-throw') throw new Error('sync listener failed');
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
