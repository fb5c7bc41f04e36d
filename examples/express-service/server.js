// Faultline example service: an Express app whose routes fail the way real services fail.
// Run it with the preload, no code changes needed for capture:
//   OTEL_SERVICE_NAME=faultline-example node --require @faultline/node/instrument examples/express-service/server.js
// Env: PORT (default 3000; 0 = any free port), HOST (default 127.0.0.1).
// Every secret below is fake, shaped like a real one so the redaction passes have something to catch.
const express = require('express');
const { FaultlineError, TimeoutError, ValidationError } = require('@faultline/core');
const { createLogger, getRequestId } = require('@faultline/node');
const { startInventory } = require('./inventory');

const log = createLogger({ name: 'example' });
const FAKE_PAYMENT_KEY = 'sk_live_FAKE51HxExampleOnly000000';
const DOWNSTREAM_TIMEOUT_MS = 300;

function buildApp(inventoryUrl) {
  const app = express();
  app.use(express.json());

  app.get('/', (_req, res) => {
    res.json({ routes: ['GET /orders/:id', 'GET /bug', 'GET /orders/:id/invoice', 'GET /stock/:sku', 'GET /reports/:id', 'POST /signup', 'POST /payments', 'POST /ledger/close'] });
  });

  app.get('/orders/:id', (req, res) => {
    log.info({ orderId: req.params.id }, 'order read');
    res.json({ id: req.params.id, total: 42, requestId: getRequestId() });
  });

  // A plain bug: a missing record is used as if it were there (TypeError thrown synchronously).
  app.get('/bug', (_req, res) => {
    const customers = new Map();
    const customer = customers.get('c-1');
    res.json({ name: customer.profile.name });
  });

  // A rejected promise in an async handler (Express 4 alone would leave the request hanging).
  app.get('/orders/:id/invoice', async (req, res) => {
    const pdf = await renderInvoice(req.params.id);
    res.type('application/pdf').send(pdf);
  });

  // A downstream call that runs out of time: the inventory service answers too slowly.
  app.get('/stock/:sku', async (req, res) => {
    try {
      const answer = await fetch(`${inventoryUrl}/stock/${encodeURIComponent(req.params.sku)}`, {
        signal: AbortSignal.timeout(DOWNSTREAM_TIMEOUT_MS),
      });
      res.json(await answer.json());
    } catch (error) {
      throw new TimeoutError(`inventory did not answer within ${DOWNSTREAM_TIMEOUT_MS} ms`, { cause: error });
    }
  });

  // A downstream that answered with a whole error page, which ends up inside the message (and so the
  // stack): both are cut to a bounded size, and the password in the page is scrubbed.
  app.get('/reports/:id', async (req) => {
    const page = await fetchReportPage(req.params.id);
    throw new Error(`report service failed: ${page}`);
  });

  // A validation error: 400, its message is safe to show, no alert (low severity).
  app.post('/signup', (req, res) => {
    const email = req.body && req.body.email;
    if (typeof email !== 'string' || !email.includes('@')) {
      throw new ValidationError('The sign-up form is invalid.', {
        issues: [{ path: ['email'], message: 'must be an e-mail address', code: 'invalid_email' }],
      });
    }
    res.status(201).json({ ok: true });
  });

  // A secret in an error message (and in a log line): the provider's key and the card end up in text.
  app.post('/payments', async (req) => {
    const { card, amount } = req.body || {};
    log.info({ card, amount, authorization: req.get('authorization') }, `charging card ${card} with key ${FAKE_PAYMENT_KEY}`);
    await Promise.resolve();
    throw new Error(`payment provider rejected card ${card} (api_key=${FAKE_PAYMENT_KEY})`);
  });

  // A critical failure: money is at stake, so it pages someone (severity critical → Alertmanager).
  app.post('/ledger/close', async () => {
    await Promise.resolve();
    throw new FaultlineError('ledger does not balance after closing the day', {
      code: 'LEDGER_IMBALANCE',
      severity: 'critical',
      status: 500,
    });
  });

  return app;
}

async function renderInvoice(orderId) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  throw new Error(`invoice template missing for order ${orderId}`);
}

async function fetchReportPage(reportId) {
  await Promise.resolve();
  const row = `<tr><td>report ${reportId}</td><td>db=postgres://report:FAKE-db-password@db.internal/reports</td></tr>\n`;
  return `<html><body><h1>502 Bad Gateway</h1><table>\n${row.repeat(200)}</table></body></html>`;
}

async function main() {
  const inventory = await startInventory();
  const app = buildApp(process.env.INVENTORY_URL || inventory.url);
  const port = Number(process.env.PORT ?? 3000);
  const server = app.listen(port, process.env.HOST || '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
  const close = () => {
    server.close();
    inventory.close();
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

main().catch((error) => {
  process.stderr.write(`example service failed to start: ${error && error.stack}\n`);
  process.exitCode = 1;
});
