// A stand-in for a slow downstream service, started in the same process on a free loopback port:
// it answers after INVENTORY_DELAY_MS (default 2000), longer than the example is willing to wait.
const http = require('node:http');

function startInventory() {
  const delayMs = Number(process.env.INVENTORY_DELAY_MS ?? 2000);
  const pending = new Set();
  const server = http.createServer((req, res) => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sku: req.url.split('/').pop(), inStock: 3 }));
    }, delayMs);
    pending.add(timer);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close() {
          for (const timer of pending) clearTimeout(timer);
          server.close();
          server.closeAllConnections();
        },
      });
    });
  });
}

module.exports = { startInventory };
