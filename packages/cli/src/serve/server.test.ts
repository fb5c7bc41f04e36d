// The support page over an in-memory trace store holding hostile telemetry: nothing from a trace is
// ever markup, the headers lock the page down, and it is read-only, loopback-bound or token-protected.
import { request } from 'node:http';
import { requestIdFromTraceId } from '@faultline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fromJaeger } from '../backend/jaeger-convert';
import type { TraceBackend, TraceData } from '../backend/types';
import { jaegerFixture } from '../lookup/fixtures/load';
import { startServer } from './server';
import type { RunningServer } from './server';

const PAYLOAD = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>"\'><svg onload=alert(2)>';

function hostileTrace(): TraceData {
  const raw = structuredClone(jaegerFixture('bug'));
  for (const span of raw.spans) {
    for (const log of span.logs ?? []) for (const kv of log.fields ?? []) if (kv.key === 'exception.message' || kv.key === 'exception.type') kv.value = `${String(kv.value)} ${PAYLOAD}`;
    for (const kv of span.tags ?? []) if (kv.key === 'http.route') kv.value = `/bug/${PAYLOAD}`;
  }
  return fromJaeger(raw);
}

const TRACE = hostileTrace();
const ID = requestIdFromTraceId(TRACE.traceId);

const memory: TraceBackend = {
  description: 'memory',
  traceUrl: (id) => `http://jaeger.test/trace/${id}`,
  getTrace: async (id) => (id === TRACE.traceId ? TRACE : undefined),
  existing: async (ids) => ids.filter((id) => id === TRACE.traceId),
  findFailures: async (query) => ({ traces: query.fingerprint === undefined || query.fingerprint === 'aa0956cfc7b984af' ? [TRACE] : [], truncated: false }),
  services: async () => ['jaeger', `shop${PAYLOAD}`],
};

let running: RunningServer | undefined;
afterEach(async () => { await running?.close(); running = undefined; });

async function start(options: { host?: string; token?: string } = {}): Promise<string> {
  running = await startServer({ backend: memory, port: 0, ...options });
  return running.url;
}

function assertInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img|<svg/i);
  // No real tag carries an event handler (the payload's `onerror=` is left as text after an escaped `<`).
  expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  expect(html).toContain('&lt;script>');
}

describe('support page', () => {
  it('shows a request with hostile strings as text, under a CSP that allows no script', async () => {
    const url = await start();
    const answer = await fetch(`${url}/r/${ID}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await answer.text();
    assertInert(html);
    expect(html).toContain(ID);
    expect(html).toContain('aa0956cfc7b984af');
    expect(html).toContain(`href="http://jaeger.test/trace/${TRACE.traceId}"`);
  });

  it('redirects a valid search to the permalink and answers a typo with "did you mean"', async () => {
    const url = await start();
    const search = await fetch(`${url}/search?q=${encodeURIComponent(`X-Request-ID: ${ID.toLowerCase()}`)}`, { redirect: 'manual' });
    expect(search.status).toBe(303);
    expect(search.headers.get('location')).toBe(`/r/${ID}`);
    const typo = `${ID.slice(0, -1)}${ID.endsWith('Z') ? 'Y' : 'Z'}`;
    const answer = await fetch(`${url}/search?q=${encodeURIComponent(typo)}`);
    expect(answer.status).toBe(404);
    const html = await answer.text();
    expect(html).toContain('Did you mean');
    expect(html).toContain(`<a href="/r/${ID}">${ID}</a>`);
  });

  it('lists bugs by fingerprint and opens one, hostile strings inert', async () => {
    const url = await start();
    const list = await fetch(`${url}/bugs?service=${encodeURIComponent(`shop${PAYLOAD}`)}&window=1h`);
    expect(list.status).toBe(200);
    const html = await list.text();
    assertInert(html);
    expect(html).toContain('/bug/aa0956cfc7b984af?service=');
    const bug = await fetch(`${url}/bug/aa0956cfc7b984af?service=shop`);
    expect(bug.status).toBe(200);
    const bugHtml = await bug.text();
    assertInert(bugHtml);
    expect(bugHtml).toContain(`/r/${ID}`);
    expect((await fetch(`${url}/bug/0000000000000000?service=shop`)).status).toBe(404);
  });

  it('is read-only and answers only to loopback names', async () => {
    const url = await start();
    expect((await fetch(`${url}/r/${ID}`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${url}/r/${ID}`, { method: 'DELETE' })).status).toBe(405);
    // DNS rebinding: a page elsewhere reaching 127.0.0.1 under its own name is turned away.
    const status = await new Promise<number | undefined>((done) => {
      request(`${url}/`, { headers: { host: 'evil.example' } }, (res) => { res.resume(); done(res.statusCode); }).end();
    });
    expect(status).toBe(421);
  });

  it('refuses to bind beyond loopback without a token, and asks for the token when it has one', async () => {
    await expect(startServer({ backend: memory, host: '0.0.0.0', port: 0 })).rejects.toThrow(/access token/);
    const token = 'FAKE-support-token-0123456789';
    const url = (await start({ host: '0.0.0.0', token })).replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${url}/r/${ID}`)).status).toBe(401);
    expect((await fetch(`${url}/r/${ID}`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${url}/r/${ID}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const login = await fetch(`${url}/login`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${url}/r/${ID}`, { headers: { cookie: cookie.split(';')[0] as string } })).status).toBe(200);
    const link = await fetch(`${url}/login?token=${token}`, { redirect: 'manual' });
    expect(link.status).toBe(303);
    expect(link.headers.get('set-cookie')).toBe(cookie);
    expect((await fetch(`${url}/login?token=wrong`, { redirect: 'manual' })).status).toBe(401);
  });

  it('stops reading an oversized login body and treats a malformed cookie as no session', async () => {
    const url = (await start({ host: '0.0.0.0', token: 'FAKE-support-token-0123456789' })).replace('0.0.0.0', '127.0.0.1');
    // 64 MiB offered; the page reads 4 KiB, then closes the request instead of buffering the rest.
    const chunk = new TextEncoder().encode('token='.padEnd(64 * 1024, 'x'));
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({ pull(controller) { sent += chunk.length; if (sent > 64 * 1024 * 1024) controller.close(); else controller.enqueue(chunk); } });
    await fetch(`${url}/login`, { method: 'POST', body: endless, duplex: 'half' } as RequestInit).then((r) => r.status, () => 'closed');
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    const malformed = await fetch(`${url}/r/${ID}`, { headers: { cookie: 'faultline_support=%E0' } });
    expect(malformed.status).toBe(401);
    expect(await malformed.text()).toContain('Access token needed');
    expect((await fetch(`${url}/`)).status).toBe(401); // still serving
  });
});
