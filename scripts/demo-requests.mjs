// The requests `npm run demo` sends to the example service. The secrets are fake, planted to show that
// neither the client nor Jaeger, the log file or the alerts ever see them.
export const DEMO_REQUESTS = [
  { method: 'GET', path: '/orders/1001', what: 'works' },
  { method: 'GET', path: '/bug', what: 'a thrown bug (TypeError)' },
  { method: 'GET', path: '/orders/1001/invoice', what: 'a rejected promise' },
  { method: 'GET', path: '/stock/sku-42', what: 'a downstream timeout' },
  { method: 'POST', path: '/signup', body: { email: 'not-an-email' }, what: 'a validation error' },
  {
    method: 'POST',
    path: '/payments?token=demo-FAKE-token-0000',
    headers: { authorization: 'Bearer demo.FAKE.token0000000000' },
    body: { card: '4111 1111 1111 1111', amount: 42 },
    what: 'a secret in the error message',
  },
  { method: 'POST', path: '/ledger/close', what: 'a critical failure (alerts)' },
  { method: 'GET', path: '/bug', what: 'the same bug again (same fingerprint, no new alert)' },
];
