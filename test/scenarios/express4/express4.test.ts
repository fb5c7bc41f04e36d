// Express 4 under the preload alone, CommonJS and ESM: async throws answer within the request, nothing
// leaks, request IDs resolve to their traces, the app's own error middleware wins, one record per failure.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRequestId } from '@faultline/core';
import { useScenario, waitFor } from '../../support';
import { expressSpanCases } from '../http/express-span-cases';
import { REQUEST_TIMEOUT_MS, exceptionEvents, failureLogs, faultlineExceptions, request, serverSpanOf } from '../http/helpers';

const APP_DIR = path.resolve(__dirname, '../../apps/express4');
const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';
const scenario = useScenario();

describe.each([
  { mode: 'require' as const, entry: 'app.cjs' },
  { mode: 'import' as const, entry: 'app.mjs' },
])('Express 4 with --$mode', ({ mode, entry }) => {
  const start = (env: Record<string, string> = {}) =>
    scenario.start({ entry: path.join(APP_DIR, entry), mode, env });
  expressSpanCases(scenario, start);

  it('answers an async handler throw with a 500 problem+json carrying the request ID, no unhandledRejection', async () => {
    const app = await start();
    const answer = await request(`${app.url}/async-throw`);
    expect(answer.status).toBe(500);
    expect(answer.contentType).toContain('application/problem+json');
    const body = answer.json();
    expect(body).toMatchObject({ status: 500, requestId: answer.requestId });
    expect(typeof body.title).toBe('string');

    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('Error');
    expect(span.attributes['faultline.request_id']).toBe(answer.requestId);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) > 0);
    expect(failureLogs(scenario.receiver, String(answer.requestId))).toBe(1);
    expect(app.stdout()).not.toContain('UNHANDLED_REJECTION');
  });

  it('records a synchronous throw and an error passed to next() exactly once each', async () => {
    const app = await start();
    for (const route of ['/sync-throw', '/next-error']) {
      const answer = await request(`${app.url}${route}`);
      expect(answer.status).toBe(500);
      const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
      expect(span.status.code).toBe(2);
      expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    }
  });

  it('puts a request ID that parses to the exported trace ID on successes too, and getRequestId() agrees', async () => {
    const app = await start();
    const answer = await request(`${app.url}/ok`, { headers: { 'x-request-id': 'proxy-4f2a' } });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ ok: true, requestId: answer.requestId });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.traceId).toBe(parseRequestId(String(answer.requestId)));
    expect(span.attributes['faultline.upstream_request_id']).toBe('proxy-4f2a');
  });

  it('drops an invalid upstream X-Request-ID', async () => {
    const app = await start();
    const answer = await request(`${app.url}/ok`, { headers: { 'x-request-id': `<script>${'x'.repeat(300)}` } });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.attributes['faultline.upstream_request_id']).toBeUndefined();
    expect(answer.requestId).not.toContain('script');
  });

  it('lets the app\'s own error middleware answer, and still records the failure once', async () => {
    const app = await start();
    const answer = await request(`${app.url}/own/boom`);
    expect(answer.status).toBe(503);
    expect(answer.json()).toEqual({ handledBy: 'app', message: 'try later' });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.attributes['error.type']).toBe('Error');
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) > 0);
    expect(failureLogs(scenario.receiver, String(answer.requestId))).toBe(1);
  });

  it.each([
    { layers: 'none', onServer: true },
    { layers: 'handlers', onServer: false },
  ])('records failures the app answered itself once each, the server span failed, timed when answered (layer spans $layers)', async ({ layers, onServer }) => {
    const app = await start({ FAULTLINE_EXPRESS_LAYER_SPANS: layers });
    const answers = await Promise.all(Array.from({ length: 5 }, () => request(`${app.url}/own/boom`)));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      const server = await serverSpanOf(scenario.receiver, String(answer.requestId));
      // Recorded after the turn that answered it: the server span waited for it before it was exported.
      expect(server.status.code).toBe(2);
      expect(server.attributes['error.type']).toBe('Error');
      const events = exceptionEvents(scenario.receiver, server.traceId).filter(({ event }) => event.attributes['faultline.fingerprint'] !== undefined);
      expect(events).toHaveLength(1);
      const [{ span, event }] = events;
      expect(span.spanId === server.spanId).toBe(onServer);
      expect(event.attributes['faultline.error.status']).toBe(503);
      // The answer's time, inside the span it is on (one span's times share one clock offset).
      expect(BigInt(event.timeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
      if (onServer) expect(BigInt(event.timeUnixNano)).toBeLessThanOrEqual(BigInt(span.endTimeUnixNano));
      await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) > 0);
      expect(failureLogs(scenario.receiver, String(answer.requestId))).toBe(1);
    }
  });

  it('records a failure the app answered itself when the app exits right after answering', async () => {
    const app = await start();
    const answer = await request(`${app.url}/own/boom-then-exit`);
    expect(answer.status).toBe(503);
    await app.exited;
    const line = app.stdout().split('\n').find((text) => text.includes('handled, then the app exits'));
    expect(line).toBeDefined();
    expect(JSON.parse(String(line))).toMatchObject({ 'exception.type': 'Error', request_id: answer.requestId, 'faultline.source': 'express' });
  });

  it('answers routes that match nothing with a problem+json 404', async () => {
    const app = await start();
    const answer = await request(`${app.url}/no/such/route?token=abc`);
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 404, requestId: answer.requestId });
    expect(answer.text).not.toContain('token');
  });

  it('leaves the app\'s own 404 handler alone', async () => {
    const app = await start();
    const answer = await request(`${app.url}/mine/x`);
    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({ notFoundBy: 'app' });
  });

  it('keeps a secret in the message, a header, the query string and the body out of the response and the export', async () => {
    const app = await start();
    const answer = await request(`${app.url}/secret?api_key=${FAKE_SECRET}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ password: FAKE_SECRET, card: FAKE_SECRET }),
    });
    expect(answer.status).toBe(500);
    expect(answer.text).not.toContain(FAKE_SECRET);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) === 1);
    expect(scenario.receiver.rawText()).toContain('payment failed');
    expect(scenario.receiver.rawText()).not.toContain(FAKE_SECRET);
  });

  it('keeps the CORS headers the app set on the problem response, drops its representation headers, applies an exposed 4xx\'s err.headers', async () => {
    const app = await start();
    const response = await fetch(`${app.url}/cors/boom`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect(response.headers.get('vary')).toContain('Origin');
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(await response.json()).toMatchObject({ status: 500, requestId: response.headers.get('x-request-id') });

    const notAllowed = await fetch(`${app.url}/cors/boom`, { method: 'POST', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.headers.get('allow')).toBe('GET');
    expect(notAllowed.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect(await notAllowed.json()).toMatchObject({ status: 405 });
  });

  it('cuts off a response whose headers were already sent (no clean 200, no second response), and records the failure', async () => {
    const app = await start();
    const response = await fetch(`${app.url}/partial`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).not.toBeNull();
    // The connection is destroyed before the body's end: the client sees an incomplete response,
    // not 'partial' as if it were the whole body (and not a timeout, which would be a hang).
    await expect(response.text()).rejects.toThrow(/terminated/);
    const span = await serverSpanOf(scenario.receiver, String(requestId));
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    expect(span.attributes['error.type']).toBe('Error');
  });
});

describe('Express 4 without the preload (the control)', () => {
  it('leaves an async handler\'s rejection unhandled and the request hanging', async () => {
    const app = await scenario.start({ entry: path.join(APP_DIR, 'app.cjs'), mode: 'none' });
    await expect(request(`${app.url}/async-throw`)).rejects.toThrow(/abort|timeout/i);
    await waitFor(() => app.stdout().includes('UNHANDLED_REJECTION async handler failed'));
  });
});

describe('Express 4 responses by mode and client', () => {
  const start = (env: Record<string, string>) =>
    scenario.start({ entry: path.join(APP_DIR, 'app.cjs'), mode: 'require', env });

  it('production: a generic title for unexpected errors, the message of exposed ones, never a stack', async () => {
    const app = await start({ NODE_ENV: 'production' });
    const unexpected = await request(`${app.url}/sync-throw`);
    expect(unexpected.status).toBe(500);
    expect(unexpected.text).not.toContain('sync handler failed');
    expect(unexpected.text).not.toMatch(/\bat \S+ \(|node_modules|routes\.cjs/);
    const invalid = await request(`${app.url}/invalid`);
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('email must be an email address');
  });

  it('development: the detail, redacted', async () => {
    const app = await start({ NODE_ENV: 'development' });
    const answer = await request(`${app.url}/sync-throw`);
    expect(answer.text).toContain('sync handler failed');
  });

  it('answers a browser with an HTML page carrying the request ID', async () => {
    const app = await start({ NODE_ENV: 'production' });
    const answer = await request(`${app.url}/sync-throw`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(answer.status).toBe(500);
    expect(answer.contentType).toContain('text/html');
    expect(answer.text).toContain(String(answer.requestId));
  });
});
