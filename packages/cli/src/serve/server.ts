// `faultline serve`: the support page. Read-only (GET and HEAD; POST only to log in), talks to the one
// configured trace store and nothing else, no script and no external asset (strict CSP), loopback by
// default, and an access token required before it binds anywhere else.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { TraceBackend } from '../backend/types';
import { BackendError } from '../backend/types';
import { DEFAULT_HOST, DEFAULT_PORT } from '../config';
import { exitCodeOf } from '../exit-codes';
import { listBugs } from '../lookup/bugs';
import { lookup } from '../lookup/lookup';
import { parseInput } from '../lookup/request-input';
import { authorized, hostAllowed, isLoopback, sameToken, tokenCookie } from './auth';
import { isWindow, windowRange } from '../lookup/windows';
import { bugFilter, bugListView, bugView } from './bug-views';
import { message, page } from './layout';
import { resultView } from './request-view';
import { STYLE } from './style';

export interface ServeOptions {
  readonly backend: TraceBackend;
  readonly host?: string;
  readonly port?: number;
  readonly token?: string;
  /** Failed traces read for a bug list; default 2,000. */
  readonly bugLimit?: number;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

const HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};
const HTTP_STATUS_OF_EXIT = [200, 404, 400, 502];
const FINGERPRINT = /^[0-9a-f]{16}$/;

function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function redirect(res: ServerResponse, location: string, extra: Record<string, string> = {}): void {
  res.writeHead(303, { ...HEADERS, location, ...extra });
  res.end();
}

function readBody(req: IncomingMessage, max = 4096): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length <= max) return;
      // Stop reading: a client streaming an endless body must cost neither memory nor the process.
      reject(new Error('body too large'));
      req.destroy();
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function loginForm(): VNode {
  return message('Access token needed', 'This support page is shared beyond this machine; enter its access token.', html`
    <form method="post" action="/login"><input type="password" name="token" aria-label="Access token" /> <button type="submit">Enter</button></form>` as VNode);
}

function createHandler(options: ServeOptions) {
  const { backend, token } = options;
  const bugLimit = options.bugLimit ?? 2000;

  async function services(): Promise<string[]> {
    return (await backend.services()).filter((name) => name !== 'jaeger');
  }

  async function bugs(res: ServerResponse, url: URL, fingerprint?: string): Promise<void> {
    const asked = url.searchParams.get('window');
    const window = isWindow(asked) ? asked : '1h';
    const known = await services();
    const service = url.searchParams.get('service') ?? known[0];
    if (service === undefined) return send(res, 200, page('Bugs', message('Bugs', `${backend.description} has no services yet.`)));
    const list = await listBugs(backend, { service, ...windowRange(window), limit: bugLimit, ...(fingerprint === undefined ? {} : { fingerprint }) });
    if (fingerprint === undefined) return send(res, 200, page(`Bugs in ${service}`, [bugFilter(known, service, window), bugListView(list, window)]));
    const bug = list.bugs.find((b) => b.fingerprint === fingerprint);
    const latest = bug?.recent[0] === undefined ? undefined : await lookup(bug.recent[0].requestId, backend);
    const body = bugView(bug, list, latest?.result === 'found' ? latest.summary : undefined);
    return send(res, bug === undefined ? 404 : 200, page(bug === undefined ? 'Bug' : `${bug.type} · bug`, body));
  }

  async function route(res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/style.css') return send(res, 200, STYLE, 'text/css; charset=utf-8');
    if (path === '/favicon.ico') return send(res, 204, '', 'image/x-icon');
    if (path === '/') {
      const known = await services();
      return send(res, 200, page('Look up a request', html`<section><h1>Look up a request</h1>
        <p>Type or paste the request ID a customer reports (any case, with or without hyphens, or the whole error page, header line or URL).</p>
        <h2>Bugs by service</h2><ul>${known.map((s) => html`<li><a href=${`/bugs?service=${encodeURIComponent(s)}`}>${s}</a></li>`)}</ul></section>` as VNode));
    }
    if (path === '/search') {
      const q = url.searchParams.get('q') ?? '';
      const input = parseInput(q);
      if (input.kind === 'id') return redirect(res, `/r/${input.requestId}`);
      const result = await lookup(q, backend);
      return send(res, HTTP_STATUS_OF_EXIT[exitCodeOf(result)] ?? 500, page('Look up', resultView(result), q.slice(0, 200)));
    }
    if (path.startsWith('/r/')) {
      let id: string;
      try { id = decodeURIComponent(path.slice(3)); } catch { id = path.slice(3); }
      const result = await lookup(id, backend);
      const title = result.result === 'found' ? `Request ${result.summary.requestId}` : 'Look up';
      return send(res, HTTP_STATUS_OF_EXIT[exitCodeOf(result)] ?? 500, page(title, resultView(result), id.slice(0, 200)));
    }
    if (path === '/bugs') return bugs(res, url);
    const bug = /^\/bug\/([^/]+)$/.exec(path)?.[1];
    if (bug !== undefined && FINGERPRINT.test(bug)) return bugs(res, url, bug);
    return send(res, 404, page('Not found', message('Not found', 'There is no such page.')));
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (!hostAllowed(req, token)) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
      const url = new URL(req.url ?? '/', 'http://support.invalid');
      if (url.pathname === '/login' && token !== undefined && (req.method === 'POST' || url.searchParams.has('token'))) {
        // POST from the form, or the one-time link `faultline serve --token auto` prints (as Jupyter does).
        const given = (req.method === 'POST' ? new URLSearchParams(await readBody(req)).get('token') : url.searchParams.get('token')) ?? undefined;
        if (sameToken(given, token)) return redirect(res, '/', { 'set-cookie': tokenCookie(token) });
        return send(res, 401, page('Access token needed', loginForm()));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Read-only', 'text/plain; charset=utf-8', { allow: 'GET, HEAD' });
      if (!authorized(req, token)) return send(res, 401, page('Access token needed', loginForm()));
      await route(res, url);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      const reason = error instanceof BackendError ? error.message : 'the page failed to render';
      send(res, 502, page('Trace store unavailable', message('The trace store did not answer', reason)));
    }
  };
}

/** Starts the page; refuses a non-loopback address without an access token. */
export function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopback(host) && (options.token === undefined || options.token.length < 16)) {
    return Promise.reject(new Error(`binding ${host} (beyond this machine) needs an access token of at least 16 characters (--token or FAULTLINE_SUPPORT_TOKEN)`));
  }
  const handler = createHandler(options);
  const server: Server = createServer((req, res) => { void handler(req, res); });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shown}:${address.port}`,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
