// The outbound scenario app's routes, shared by app.cjs (--require) and app.mjs (--import). It calls the
// misbehaving dependency at DEP_URL through remoteService, plain fetch and http.get. Errors are thrown
// to the preload's node:http capture, which answers the problem body our client sees.
const http = require('node:http');

// Short waits keep the suite fast; a generous time limit keeps a loaded machine from turning a slow first
// answer into a timeout (only the `impatient` service, for the hang and slow cases, has a short one).
const FAST = { initialDelayMs: 20, maxDelayMs: 200, timeoutMs: 3000, maxRetryAfterMs: 2000 };

function listen(remoteService) {
  const dep = process.env.DEP_URL;
  const inventory = remoteService('inventory', { ...FAST, maxAttempts: 3, breaker: false });
  const impatient = remoteService('impatient', { ...FAST, timeoutMs: 300, maxAttempts: 3, breaker: false });
  const payments = remoteService('payments', { ...FAST, maxAttempts: 1, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 300 } });

  async function route(url, req) {
    const [, kind, name] = url.pathname.split('/');
    const headers = url.searchParams.has('key') ? { 'idempotency-key': url.searchParams.get('key') } : {};
    const method = url.searchParams.get('method') ?? 'GET';
    if (kind === 'call') {
      const answer = await inventory.fetch(`${dep}/${name}`, { method, headers });
      return { status: answer.status, body: await answer.text() };
    }
    if (kind === 'timed') {
      const answer = await impatient.fetch(`${dep}/${name}`);
      return { status: answer.status };
    }
    if (kind === 'fn') {
      // call(): any client, here http.get, passed the attempt's signal.
      const status = await inventory.call(({ signal }) => new Promise((resolve, reject) => {
        http.get(`${dep}/${name}`, { signal }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
      }), { idempotent: true });
      return { status };
    }
    if (kind === 'breaker') {
      const answer = await payments.fetch(`${dep}/${name}`);
      return { status: answer.status, breaker: payments.breakerState };
    }
    if (kind === 'breaker-state') return { breaker: payments.breakerState };
    if (kind === 'plain') {
      const answer = await fetch(`${dep}/${name}`).catch(() => undefined);
      return { status: answer ? answer.status : 0 };
    }
    if (kind === 'plain-http') {
      const status = await new Promise((resolve) => {
        http.get(`${dep}/${name}`, (res) => { res.resume(); resolve(res.statusCode); }).on('error', () => resolve(0));
      });
      return { status };
    }
    return { unknown: req.url };
  }

  const server = http.createServer(async (req, res) => {
    const result = await route(new URL(req.url, 'http://app'), req);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(result));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
}

module.exports = { listen };
