// redact: what scrubbing costs on three typical payloads — a 2 KB error message + stack, a 1 KB
// nested JSON log record, a 10 KB request body (parsed, and as raw text). Baseline in the same run:
// a plain deep copy (`structuredClone`) of the same value, which redaction has to do anyway.
// Each payload carries one or two secrets, so the hit path is measured, not only the clean scan.
// The redactor remembers scrubbed stack frames (the same bug throws from the same frames); the
// "never-seen stack" case cycles through more variants than it keeps, so it measures a cold scan.
// Run: `npm run bench -- redact` (BENCH_TIME_MS tunes the time per case). Fake secrets only.
import { createRedactor } from '../packages/core/src/index';
import { measure, type BenchOptions, type BenchRow } from './lib/measure';

const redactor = createRedactor();
const FAKE_TOKEN = `sk_test_${'Fa1Ke2Va3Lu4E5'.repeat(2)}`;

function errorWithStack(): string {
  const message =
    `PaymentDeclinedError: charge for order ORD-2024-99812 (customer 7cfecb43-48fc-4d97-82a9-467e4df174a9) failed: ` +
    `gateway https://api.payments.example.com/v1/charges answered 402 card_declined after 3 attempts in 1840ms ` +
    `using key=${FAKE_TOKEN}; retry scheduled at 2025-03-08T08:39:16.650Z`;
  const frames = [
    'at PaymentGateway.charge (/usr/src/app/dist/payments/gateway.js:214:17)',
    'at async ChargeService.capture (/usr/src/app/dist/payments/charge-service.js:88:22)',
    'at async CheckoutController.submit (/usr/src/app/dist/checkout/controller.js:131:5)',
    'at async Layer.handle [as handle_request] (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)',
    'at next (/usr/src/app/node_modules/express/lib/router/route.js:149:13)',
    'at Route.dispatch (/usr/src/app/node_modules/express/lib/router/route.js:119:3)',
    'at Function.process_params (/usr/src/app/node_modules/express/lib/router/index.js:346:12)',
    'at next (/usr/src/app/node_modules/express/lib/router/index.js:280:10)',
    'at jsonParser (/usr/src/app/node_modules/body-parser/lib/types/json.js:119:7)',
    'at Layer.handle [as handle_request] (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)',
    'at trim_prefix (/usr/src/app/node_modules/express/lib/router/index.js:328:13)',
    'at /usr/src/app/node_modules/express/lib/router/index.js:286:9',
    'at Function.process_params (/usr/src/app/node_modules/express/lib/router/index.js:346:12)',
    'at next (/usr/src/app/node_modules/express/lib/router/index.js:280:10)',
    'at requestId (/usr/src/app/dist/middleware/request-id.js:23:5)',
    'at Layer.handle [as handle_request] (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)',
    'at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ];
  // Repeat the frames (as a deep async chain does) and cut at a line end: 2 KB in total.
  const text = `${message}\n${[...frames, ...frames].map((frame) => `    ${frame}`).join('\n')}`;
  return text.slice(0, text.lastIndexOf('\n', 2048));
}

function logRecord(): Record<string, unknown> {
  return {
    level: 'error',
    time: '2025-03-08T08:39:16.650Z',
    msg: 'payment failed for order ORD-2024-99812',
    service: { name: 'checkout', version: '4.10.1', instance: 'checkout-7d9f8c6b5-x2x7q' },
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7',
    req: {
      id: 'c5248d6a-9460-4a6e-b045-30c9a9fb2905',
      method: 'POST',
      url: '/api/v1/orders/48213/pay?currency=EUR&locale=de-DE',
      headers: { host: 'api.example.com', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)', authorization: `Bearer ${FAKE_TOKEN}`, 'content-type': 'application/json' },
      remoteAddress: '203.0.113.42',
    },
    res: { statusCode: 502, durationMs: 1840.4 },
    err: { type: 'PaymentDeclinedError', code: 'CARD_DECLINED', message: 'gateway answered 402 card_declined' },
    cart: { items: 3, total: 'EUR 129.90', coupon: null, shipping: 'DHL Express', warehouse: 'FRA-2' },
    user: { id: 'usr_7f3a9c', email: 'jane.doe@example.com', roles: ['customer'], locale: 'de-DE' },
    tags: ['payments', 'checkout', 'retryable'],
  };
}

function requestBody(): Record<string, unknown> {
  const items = Array.from({ length: 86 }, (_, i) => ({
    sku: `SKU-${String(1000 + i)}`,
    name: `Blue widget, size ${i % 5}`,
    quantity: 1 + (i % 3),
    unitPrice: `EUR ${(9.9 + i).toFixed(2)}`,
    tags: ['catalog', i % 2 ? 'sale' : 'new'],
  }));
  return {
    customer: { id: 'cus_48213', email: 'jane.doe@example.com', name: 'Jane Doe', phone: '+49 30 1234567' },
    shipping: { street: 'Hauptstraße 1', city: 'Berlin', zip: '10115', country: 'DE' },
    payment: { method: 'card', card_number: '4111111111111111', expiry: '12/29', holder: 'JANE DOE' },
    items,
    notes: 'Leave the parcel at the door. Call before delivery. '.repeat(4),
    createdAt: '2025-03-08T08:39:16.650Z',
  };
}

const stack = errorWithStack();
/** The same size, but frames no redactor has seen (more variants than its frame cache holds). */
const coldStacks = Array.from({ length: 1000 }, (_, i) => stack.replace(/PaymentGateway\.charge/, `PaymentGateway.charge${i}`));
let coldIndex = 0;
const record = logRecord();
const body = requestBody();
const bodyText = JSON.stringify(body);

/** A URL whose query is percent-encoded (scanned twice: as it is, and decoded); no secret in it. */
const encodedUrl = 'https://shop.example.com/search?q=red%20running%20shoes%2C%20size%2042&ref=%2Fcategories%2Fsport&lang=de-DE';

export const PAYLOAD_SIZES = { stack: stack.length, record: JSON.stringify(record).length, body: bodyText.length, url: encodedUrl.length };

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  return measure(
    [
      { name: `redactString: error message + stack (${PAYLOAD_SIZES.stack} B)`, fn: () => redactor.redactString(stack) },
      {
        name: `redactString: error message + never-seen stack (${PAYLOAD_SIZES.stack} B)`,
        fn: () => redactor.redactString(coldStacks[coldIndex++ % coldStacks.length] as string),
      },
      { name: `redact: nested JSON log record (${PAYLOAD_SIZES.record} B)`, fn: () => redactor.redact(record) },
      { name: `baseline: structuredClone of the log record`, fn: () => structuredClone(record) },
      { name: `redact: request body object (${PAYLOAD_SIZES.body} B as JSON)`, fn: () => redactor.redact(body) },
      { name: `baseline: structuredClone of the request body`, fn: () => structuredClone(body) },
      { name: `redactString: request body as raw JSON text (${PAYLOAD_SIZES.body} B)`, fn: () => redactor.redactString(bodyText) },
      { name: 'redactString: short clean string (fast path)', fn: () => redactor.redactString('connection reset by peer') },
      // Every call scans a new URL (the clean-string cache would answer a repeat): the cost of decoding.
      { name: `redactString: percent-encoded URL (${PAYLOAD_SIZES.url} B)`, fn: () => redactor.redactString(`${encodedUrl}&n=${coldIndex++}`) },
    ],
    options,
  );
}

if (require.main === module) {
  run({ timeMs: Number(process.env.BENCH_TIME_MS ?? 1500) }).then(
    (rows) => console.table(rows),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
