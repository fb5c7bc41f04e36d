// The Collector's own redaction pass, on its own: telemetry from a service without Faultline's SDK (raw
// OTLP, secrets in span attributes, the status message, exception events, headers, log bodies and log
// attributes) reaches Jaeger and the log file scrubbed, with the non-secret parts kept.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support';
import { allTracesText, waitForTrace } from './support/jaeger';
import { startStack } from './support/stack';
import type { Stack } from './support/stack';

const SERVICE = 'e2e-collector-redaction';
// Fake secrets, one per class the Collector config names.
const SECRETS = {
  bearer: 'Bearer e2eFAKEbearer0000000000000001',
  basic: 'Basic ZTJlOkZBS0UtYmFzaWMtcGFzc3dvcmQ=',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJlMmUtRkFLRSJ9.ZTJlRkFLRXNpZ25hdHVyZTAwMDA',
  pem: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCFAKEFAKEFAKE\n-----END PRIVATE KEY-----',
  urlPassword: 'postgres://app:e2e-FAKE-url-password@db.internal:5432/app',
  queryToken: 'https://api.example.test/v1?token=e2eFAKEquery0000000002&page=2',
  aws: 'AKIAE2EFAKE000000003',
  github: 'ghp_e2eFAKE000000000000000000000000000004',
  stripe: 'sk_live_e2eFAKE0000000000000005',
  card: '4111 1111 1111 1111',
  email: 'e2e.fake.person@example.com',
  // Percent-encoded forms, as they sit in query strings, redirect parameters and form bodies.
  encodedEmail: 'https://crm.example.test/contacts?filter=email%3De2e.fake.encoded%40example.com&page=2',
  doubleEncodedEmail: '/r?to=e2e.fake.double%2540example.com&x=1',
  encodedRedirect: 'https://sso.example.test/login?next=https%3A%2F%2Fe2euser%3Ae2eFAKEredirectpw%40ci.example.test%2Fjobs&lang=en',
  encodedDbUrl: 'dsn=postgres%3A%2F%2Fapp%3Ae2eFAKEdbpw%40db%3A5432%2Fapp',
  encodedBearer: 'replayed with auth=Bearer%20e2eFAKEencodedBearer00000001',
  formBody: 'grant_type=password&username=e2e.fake.form%40example.com&password=e2eFAKEform%26pw&client_id=web',
  encodedPair: 'state=x%26api_key%3De2eFAKEencodedKey0009',
};
const LEAKS = ['e2eFAKEbearer', 'ZTJlOkZBS0UtYmFzaWMtcGFzc3dvcmQ', 'eyJzdWIiOiJlMmUtRkFLRSJ9', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCFAKE',
  'e2e-FAKE-url-password', 'e2eFAKEquery', 'AKIAE2EFAKE', 'ghp_e2eFAKE', 'sk_live_e2eFAKE', '4111 1111 1111 1111', 'e2e.fake.person@',
  'e2e.fake.encoded', 'e2e.fake.double', 'e2eFAKEredirectpw', 'e2eFAKEdbpw', 'e2eFAKEencodedBearer', 'e2e.fake.form', 'e2eFAKEform', 'e2eFAKEencodedKey'];

const str = (value: string) => ({ stringValue: value });
const attributes = (values: Record<string, string>) => Object.entries(values).map(([key, value]) => ({ key, value: str(value) }));

let stack: Stack;
beforeAll(async () => { stack = await startStack(); }, 45 * 60_000);
afterAll(async () => { await stack?.stop(); }, 60_000);

describe('the Collector redaction pass', () => {
  it('scrubs every secret class from spans, events and logs sent without the SDK', async () => {
    const traceId = randomBytes(16).toString('hex');
    const now = `${Date.now()}000000`;
    const text = Object.values(SECRETS).join(' | ');
    const resource = { attributes: attributes({ 'service.name': SERVICE }) };
    const traces = {
      resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'raw' }, spans: [{
        traceId, spanId: randomBytes(8).toString('hex'), name: 'POST /login', kind: 2,
        startTimeUnixNano: now, endTimeUnixNano: now,
        status: { code: 2, message: `login failed: ${text}` },
        attributes: [
          ...attributes({ 'url.full': SECRETS.queryToken, 'db.connection_string': SECRETS.urlPassword, 'app.note': text }),
          { key: 'http.request.header.authorization', value: { arrayValue: { values: [str(SECRETS.bearer)] } } },
        ],
        events: [{ name: 'exception', timeUnixNano: now, attributes: attributes({
          'exception.type': 'Error', 'exception.message': `boom ${text}`, 'exception.stacktrace': `Error: boom ${text}\n    at login (app.js:1:1)`,
        }) }],
      }] }] }],
    };
    const logs = {
      resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'raw' }, logRecords: [{
        timeUnixNano: now, traceId, severityNumber: 17, severityText: 'ERROR',
        body: str(`could not log in: ${text}`), attributes: attributes({ 'user.email': SECRETS.email, 'request.body': text }),
      }] }] }],
    };
    for (const [path, body] of [['/v1/traces', traces], ['/v1/logs', logs]] as const) {
      const answer = await fetch(`${stack.otlpEndpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(answer.status, path).toBe(200);
    }

    await waitForTrace(stack.jaegerUrl, traceId);
    const logText = await waitFor(async () => {
      const fileText = await stack.readCollectorLogFile();
      return fileText.includes(traceId) ? fileText : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, message: 'the log record in the Collector log file' });
    const jaegerText = await allTracesText(stack.jaegerUrl, SERVICE);

    for (const leak of LEAKS) {
      expect(jaegerText, `Jaeger holds ${leak}`).not.toContain(leak);
      expect(logText, `the log file holds ${leak}`).not.toContain(leak);
    }
    // Targeted, not wholesale: the words around the secrets survive.
    expect(jaegerText).toContain('login failed:');
    expect(jaegerText).toContain('api.example.test/v1?');
    // Around the percent-encoded secrets too (Jaeger's JSON writes `&` as \u0026, so no `&` here).
    for (const kept of ['/contacts?filter=', 'x=1', '/login?next=', 'lang=en', 'grant_type=password', 'client_id=web', 'replayed with']) {
      expect(jaegerText, `Jaeger lost ${kept}`).toContain(kept);
      expect(logText, `the log file lost ${kept}`).toContain(kept);
    }
    expect(logText).toContain('could not log in:');
  }, 120_000);
});
