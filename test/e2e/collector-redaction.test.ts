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
};
const LEAKS = ['e2eFAKEbearer', 'ZTJlOkZBS0UtYmFzaWMtcGFzc3dvcmQ', 'eyJzdWIiOiJlMmUtRkFLRSJ9', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCFAKE',
  'e2e-FAKE-url-password', 'e2eFAKEquery', 'AKIAE2EFAKE', 'ghp_e2eFAKE', 'sk_live_e2eFAKE', '4111 1111 1111 1111', 'e2e.fake.person@'];

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
    expect(logText).toContain('could not log in:');
  }, 120_000);
});
