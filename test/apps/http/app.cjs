// Plain node:http scenario app, CommonJS. Secrets are fake.
const http = require('node:http');

const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';

const server = http.createServer(async (req, res) => {
  if (req.url === '/ok') {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
    return;
  }
  if (req.url === '/sync-throw') throw new Error('sync listener failed');
  if (req.url === '/async-throw') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error(`async listener failed api_key=${FAKE_SECRET}`);
  }
  res.statusCode = 204;
  res.end();
});
process.on('unhandledRejection', (reason) => {
  process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
