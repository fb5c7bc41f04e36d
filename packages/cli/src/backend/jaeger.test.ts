// The Jaeger client against a stand-in HTTP server: what counts as "not found" and what is a backend
// failure (unreachable, an error status, or an answer that is not Jaeger's JSON API).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { jaegerFixture } from '../lookup/fixtures/load';
import { createJaegerBackend } from './jaeger';
import { BackendError } from './types';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

function serve(status: number, body: string, type = 'application/json'): Promise<string> {
  server = createServer((_req, res) => { res.writeHead(status, { 'content-type': type }).end(body); });
  return new Promise((done) => server!.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`)));
}

const TRACE_ID = '28b0ddb8a4700d10a0d24a584e5b5c95';

describe('Jaeger backend', () => {
  it('reads a trace and links to it in the configured UI', async () => {
    const url = await serve(200, JSON.stringify({ data: [jaegerFixture('bug')] }));
    const backend = createJaegerBackend({ url, uiUrl: 'https://jaeger.example/' });
    const trace = await backend.getTrace(TRACE_ID);
    expect(trace?.spans.map((span) => span.name)).toEqual(['request handler - /bug', 'GET /bug']);
    expect(backend.traceUrl(TRACE_ID)).toBe(`https://jaeger.example/trace/${TRACE_ID}`);
  });

  it('takes 404 as not found', async () => {
    const backend = createJaegerBackend({ url: await serve(404, JSON.stringify({ data: null, errors: [{ code: 404, msg: 'trace not found' }] })) });
    await expect(backend.getTrace(TRACE_ID)).resolves.toBeUndefined();
  });

  it.each([
    ['an HTML error page from a proxy', 502, '<html><body>Bad Gateway</body></html>', /not its JSON API/],
    ['JSON that is not a trace list', 200, JSON.stringify({ hello: 'world' }), /not a trace list/],
    ['a server error', 500, JSON.stringify({ data: null, errors: [{ code: 500, msg: 'boom' }] }), /HTTP 500/],
  ])('reports %s as a backend failure', async (_what, status, body, reason) => {
    const backend = createJaegerBackend({ url: await serve(status, body) });
    await expect(backend.getTrace(TRACE_ID)).rejects.toThrow(BackendError);
    await expect(backend.getTrace(TRACE_ID)).rejects.toThrow(reason);
  });

  it('reports a store that does not answer in time, and one that is not there', async () => {
    server = createServer(() => { /* never answers */ });
    const url = await new Promise<string>((done) => server!.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`)));
    await expect(createJaegerBackend({ url, timeoutMs: 200 }).getTrace(TRACE_ID)).rejects.toThrow(/no answer in 200 ms/);
    server.closeAllConnections();
    const closed = createJaegerBackend({ url: 'http://127.0.0.1:2' });
    await expect(closed.getTrace(TRACE_ID)).rejects.toThrow(/could not be reached \(ECONNREFUSED\)/);
  });

  it('stops reading an answer larger than its bound', async () => {
    const url = await serve(200, JSON.stringify({ data: [jaegerFixture('bug')] }));
    await expect(createJaegerBackend({ url, maxBytes: 1024 }).getTrace(TRACE_ID)).rejects.toThrow(/answered more than/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => createJaegerBackend({ url: 'file:///etc/passwd' })).toThrow(/must be http/);
  });
});
