import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { RateLimitError, ValidationError } from '@faultline/core';
import { configureCapture } from '../capture/capture';
import { prefersHtml, problemResponse, sendProblem, stringifyProblem, withheldErrorHeaders } from './respond';

afterEach(() => configureCapture({ mode: 'production' }));

it('answers HTML only to clients that prefer HTML to JSON, q-values and case honoured', () => {
  expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
  expect(prefersHtml('TEXT/HTML')).toBe(true);
  expect(prefersHtml('text/*')).toBe(true);
  expect(prefersHtml('application/json')).toBe(false);
  expect(prefersHtml('text/html;q=0')).toBe(false);
  expect(prefersHtml('text/html;q=0, */*')).toBe(false);
  expect(prefersHtml('text/html;q=0.4, application/json;q=0.5')).toBe(false);
  expect(prefersHtml('application/json;q=0.4, text/html;q=0.5')).toBe(true);
  // Equal preference: the client's order decides, as in Express's req.accepts.
  expect(prefersHtml('application/problem+json, text/html')).toBe(false);
  expect(prefersHtml('text/html, application/problem+json')).toBe(true);
  expect(prefersHtml('*/*')).toBe(false);
  expect(prefersHtml('image/png')).toBe(false);
  expect(prefersHtml('')).toBe(false);
  expect(prefersHtml(undefined)).toBe(false);
});

it('gives the HTML page a strict Content-Security-Policy that admits its own style only', async () => {
  const { createHash } = await import('node:crypto');
  const page = problemResponse(new Error('boom'), 'text/html', 'REQ');
  const csp = page.headers['Content-Security-Policy'] ?? '';
  expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
  const style = /<style>([^<]*)<\/style>/.exec(page.body)?.[1] ?? '';
  expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  expect(page.headers['X-Content-Type-Options']).toBe('nosniff');
  expect(problemResponse(new Error('boom'), 'application/json', 'REQ').headers['Content-Security-Policy']).toBeUndefined();
});

it('production: an unexpected error gets the generic title, never its message', () => {
  configureCapture({ mode: 'production' });
  const answer = problemResponse(new Error('connect ECONNREFUSED db.internal:5432'), undefined, undefined);
  expect(answer.status).toBe(500);
  expect(answer.contentType).toBe('application/problem+json; charset=utf-8');
  expect(answer.body).not.toContain('db.internal');
  expect(JSON.parse(answer.body)).toMatchObject({ status: 500, title: 'Internal Server Error' });
});

it('carries exposed messages, Retry-After and no-store', () => {
  expect(problemResponse(new ValidationError('name is required'), undefined, undefined).body).toContain('name is required');
  const limited = problemResponse(new RateLimitError('slow down', { retryAfterSeconds: 30 }), undefined, undefined);
  expect(limited.status).toBe(429);
  expect(limited.headers).toMatchObject({ 'Retry-After': '30', 'Cache-Control': 'no-store' });
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Response> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

it('replaces only the representation headers of the response the app did not finish', async () => {
  const response = await serve((req, res) => {
    res.setHeader('content-type', 'text/csv');
    res.setHeader('content-disposition', 'attachment; filename="export.csv"');
    res.setHeader('etag', '"v1"');
    res.setHeader('last-modified', 'Sat, 21 Nov 2026 06:00:00 GMT');
    res.setHeader('access-control-allow-origin', 'https://app.example.test');
    res.setHeader('vary', 'Origin');
    res.setHeader('set-cookie', 'session=fake-session-0000');
    sendProblem(req, res, new Error('export failed'));
  });
  expect(response.status).toBe(500);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.headers.get('content-disposition')).toBeNull();
  expect(response.headers.get('etag')).toBeNull();
  expect(response.headers.get('last-modified')).toBeNull();
  // What the app set about the exchange, not the body, survives: a browser can still read the CORS error.
  expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
  expect(response.headers.get('vary')).toBe('Origin');
  expect(response.headers.get('set-cookie')).toBe('session=fake-session-0000');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toMatchObject({ status: 500 });
});

it('applies err.headers of an exposed 4xx (a 405\'s Allow), never those of a 5xx', async () => {
  const notAllowed = Object.assign(new Error('Method Not Allowed'), {
    status: 405, expose: true, headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain', 'Cache-Control': 'public' },
  });
  const allowed = await serve((req, res) => sendProblem(req, res, notAllowed));
  expect(allowed.status).toBe(405);
  expect(allowed.headers.get('allow')).toBe('GET, HEAD');
  // Faultline's own headers for the problem are not overridden.
  expect(allowed.headers.get('content-type')).toContain('application/problem+json');
  expect(allowed.headers.get('cache-control')).toBe('no-store');

  const internal = Object.assign(new Error('upstream down'), { status: 502, expose: false, headers: { 'X-Upstream-Host': 'db.internal' } });
  const failed = await serve((req, res) => sendProblem(req, res, internal));
  expect(failed.status).toBe(502);
  expect(failed.headers.get('x-upstream-host')).toBeNull();

  const unexposed = Object.assign(new Error('Forbidden'), { status: 403, expose: false, headers: { 'X-Reason': 'internal-acl-7' } });
  const forbidden = await serve((req, res) => sendProblem(req, res, unexposed));
  expect(forbidden.status).toBe(403);
  expect(forbidden.headers.get('x-reason')).toBeNull();
});

it('still answers when err.headers holds a value Node refuses', async () => {
  const bad = Object.assign(new Error('Bad Request'), { status: 400, expose: true, headers: { 'X-Bad': 'a\r\nInjected: yes', Allow: 'GET' } });
  const response = await serve((req, res) => sendProblem(req, res, bad));
  expect(response.status).toBe(400);
  expect(response.headers.get('injected')).toBeNull();
  expect(response.headers.get('allow')).toBe('GET');
  expect(await response.json()).toMatchObject({ status: 400 });
});

it('destroys a response whose headers were sent, so the client sees it cut off, not a complete 200', async () => {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
    setTimeout(() => sendProblem(req, res, new Error('stream broke')), 10);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(200);
    // The body is read while the server still runs: only the destroyed response can cut it short.
    await expect(response.text()).rejects.toThrow(/terminated/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

it('stringifies a problem holding a bigint instead of throwing', () => {
  const body = stringifyProblem({ type: 'about:blank', title: 'Bad Request', status: 400, details: { limit: 2n ** 64n, nested: [1n] } });
  expect(JSON.parse(body)).toMatchObject({ status: 400, details: { limit: '18446744073709551616', nested: ['1'] } });
});

it('development: a bigint in an error\'s details still gives a full problem response', async () => {
  configureCapture({ mode: 'development' });
  const error = new ValidationError('amount too large', { details: { amount: 12345678901234567890n } });
  const answer = problemResponse(error, undefined, undefined);
  expect(answer.status).toBe(400);
  expect(JSON.parse(answer.body)).toMatchObject({ status: 400, details: { amount: '12345678901234567890' } });
  const response = await serve((req, res) => sendProblem(req, res, error));
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ details: { amount: '12345678901234567890' } });
});

it('names the err.headers a framework applied that must not go out: all of a 5xx\'s, none of an exposed 4xx\'s', () => {
  const internal = Object.assign(new Error('down'), { headers: { 'X-Upstream-Host': 'db.internal' } });
  expect(withheldErrorHeaders(internal, 500)).toEqual(['X-Upstream-Host']);
  const notAllowed = Object.assign(new Error('nope'), { status: 405, expose: true, headers: { Allow: 'GET', 'Cache-Control': 'public' } });
  expect(withheldErrorHeaders(notAllowed, 405)).toEqual(['Cache-Control']);
  expect(withheldErrorHeaders(new Error('plain'), 500)).toEqual([]);
});

it('keeps the headers that carry the error\'s meaning, from the response or err.headers, whatever the status', async () => {
  const range = await serve((req, res) => {
    res.setHeader('content-range', 'bytes */10');
    sendProblem(req, res, Object.assign(new Error('range'), { status: 416 }));
  });
  expect(range.status).toBe(416);
  expect(range.headers.get('content-range')).toBe('bytes */10');
  // On another status the range described the body the app did not finish: removed.
  const other = await serve((req, res) => {
    res.setHeader('content-range', 'bytes 0-9/10');
    sendProblem(req, res, new Error('failed mid-way'));
  });
  expect(other.headers.get('content-range')).toBeNull();
  // A 503's Retry-After and a 401's WWW-Authenticate from err.headers, though neither is an exposed 4xx.
  const unavailable = problemResponse(Object.assign(new Error('down'), { status: 503, headers: { 'Retry-After': '120', 'X-Internal': 'db-3' } }), undefined, undefined);
  expect(unavailable.headers).toMatchObject({ 'Retry-After': '120' });
  expect(unavailable.headers).not.toHaveProperty('X-Internal');
  const unauthorized = problemResponse(Object.assign(new Error('who'), { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } }), undefined, undefined);
  expect(unauthorized.headers).toMatchObject({ 'WWW-Authenticate': 'Bearer' });
});

it('answers with the status a framework read when it gives one (Koa: ENOENT is a 404)', () => {
  const answer = problemResponse(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }), undefined, undefined, 404);
  expect(answer.status).toBe(404);
  expect(JSON.parse(answer.body)).toMatchObject({ status: 404, title: 'Not Found' });
});
