// A dependency on loopback that misbehaves on purpose, one path per way: resets, hangs, is slow, answers
// 503 with Retry-After, an HTML 502 from "a proxy", a problem+json 409, a JSON 500 with a stack trace in
// it. It counts the requests each path got and when. Fake secrets only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const REMOTE_SECRET_MESSAGE = 'NullPointerException in LedgerService for alice@example.com';
export const REMOTE_STACK = 'at LedgerService.post (/srv/ledger/internal/ledger-service.js:42:7)';

export interface Dependency {
  readonly url: string;
  /** Arrival times (ms) of the requests each path got. */
  readonly hits: Map<string, number[]>;
  /** While true, /flaky answers an HTML 503; else 200. */
  down: boolean;
  close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, type: string, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(JSON.stringify(body));
}

export async function startDependency(): Promise<Dependency> {
  const hits = new Map<string, number[]>();
  const state = { down: true };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://dep').pathname.slice(1);
    hits.set(path, [...(hits.get(path) ?? []), Date.now()]);
    const count = hits.get(path)?.length ?? 0;
    switch (path) {
      case 'ok': return json(res, 200, 'application/json', { ok: true });
      case 'reset': return req.socket.destroy();
      case 'hang': return undefined;
      case 'slow': return void setTimeout(() => json(res, 200, 'application/json', { late: true }), 800).unref();
      case 'retry-after':
        if (count === 1) return json(res, 503, 'application/json', { code: 'MAINTENANCE' }, { 'retry-after': '1' });
        return json(res, 200, 'application/json', { ok: true });
      case 'unavailable': return json(res, 503, 'application/problem+json', { title: 'Unavailable', status: 503, code: 'OVERLOADED' }, { 'retry-after': '0' });
      case 'html502':
        res.writeHead(502, { 'content-type': 'text/html', 'x-request-id': 'proxy-7f3a' });
        return res.end('<html><body><h1>502 Bad Gateway</h1><hr>nginx/1.25.3 at edge-proxy-3.internal</body></html>');
      case 'conflict':
        return json(res, 409, 'application/problem+json', {
          type: 'https://ledger.example/problems/duplicate', title: 'Conflict', status: 409,
          detail: 'email alice@example.com is already registered', code: 'EMAIL_TAKEN', requestId: 'ledger-req-409',
        });
      case 'crash':
        return json(res, 500, 'application/json', { message: REMOTE_SECRET_MESSAGE, stack: REMOTE_STACK, code: 'LEDGER_CRASH' }, { 'x-request-id': 'ledger-req-500' });
      case 'flaky':
        if (!state.down) return json(res, 200, 'application/json', { ok: true });
        res.writeHead(503, { 'content-type': 'text/html' });
        return res.end('<html>Service Unavailable</html>');
      default: return json(res, 404, 'application/json', { code: 'NO_SUCH_PATH' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    get down() { return state.down; },
    set down(value: boolean) { state.down = value; },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
