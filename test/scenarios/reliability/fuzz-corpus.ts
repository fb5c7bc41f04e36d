// A deterministic corpus of hostile HTTP requests (seeded, so every run sends the same bytes): odd
// methods, paths, versions and line endings, oversized and malformed headers, hostile Accept,
// X-Request-ID and traceparent values, broken JSON and chunked bodies, against the Express scenario
// app's routes. Every request is complete (no declared body left unsent), so every one gets an answer.

export interface FuzzRequest {
  readonly kind: 'route' | 'header' | 'body' | 'parser';
  readonly bytes: string;
}

/** mulberry32: small, seeded, good enough to pick cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = ['/ok', '/sync-throw', '/async-throw', '/invalid', '/next-error', '/cors/boom', '/own/boom', '/mine/x', '/nope', '/'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'PROPFIND', 'M-SEARCH'];
const ACCEPTS = [
  'text/html', 'TEXT/HTML', 'text/html;q=0', 'application/json', '*/*', 'text/*;q=0.5, application/json;q=0.4', 'image/png',
  'text/html;q=abc', ';;;', ',,,,', 'text/html;level=1;q=0.9', `${'a/b, '.repeat(500)}text/html`, '"text/html"', 'application/problem+json;q=1.0000001',
];
const REQUEST_IDS = ['abc', 'x'.repeat(300), 'id\u00ff', '../../etc/passwd', '<script>alert(1)</script>', '1, 2', ''];
const TRACEPARENTS = [
  '00-00000000000000000000000000000000-0000000000000000-01', '00-zz-yy-01', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', '0'.repeat(2000),
];
const PATH_JUNK = ['%', '%zz', '%00', '..%2f..%2f', '?a=1&a=2&a[b]=c', '?password=hunter2&token=sk_live_FAKE0000000000000000000000', '/%C0%AE', '//double', '/;jsessionid=x', '#frag'];
const BODIES = ['{', '{"a":', '[1,2', '{"__proto__":{"polluted":1}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'null', '"str"', '\u0000\u0001', '{"a":"\ud800"}'];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function request(method: string, path: string, headers: readonly string[], body = ''): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers];
  if (body !== '' && !headers.some((h) => /^(content-length|transfer-encoding):/i.test(h))) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function parserCase(next: () => number): string {
  const cases = [
    () => `${pick(next, ['BREW', 'G@T', 'get', ''])} / HTTP/1.1\r\nHost: a\r\n\r\n`,
    () => `GET / HTTP/${pick(next, ['9.9', '1', '0.9', '1.1.1', 'x'])}\r\nHost: a\r\n\r\n`,
    () => 'GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n',
    () => 'GET / HTTP/1.1\r\nHost: a\r\nX-Bad\u0000: 1\r\n\r\n',
    () => 'GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n',
    () => `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'b'.repeat(17_000 + Math.floor(next() * 4000))}\r\n\r\n`,
    () => `GET /${'p'.repeat(17_000)} HTTP/1.1\r\nHost: a\r\n\r\n`,
    () => 'POST /secret HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    () => 'POST /secret HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    () => 'POST /secret HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
    () => `POST /secret HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(17_000)}\r\nx\r\n0\r\n\r\n`,
    () => `GET / HTTP/1.1\r\nHost: a\r\nExpect: ${pick(next, ['nothing', '100-continuez', '200-ok'])}\r\n\r\n`,
    () => 'GET / HTTP/1.1\nHost: a\n\n',
    () => `${String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(next() * 256)))}\r\n\r\n`,
  ];
  return pick(next, cases)();
}

/** `count` requests from `seed`; the same arguments give the same bytes. */
export function fuzzCorpus(count: number, seed = 18): FuzzRequest[] {
  const next = random(seed);
  const corpus: FuzzRequest[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = next();
    if (roll < 0.35) {
      const path = `${pick(next, ROUTES)}${next() < 0.5 ? pick(next, PATH_JUNK) : ''}`;
      corpus.push({ kind: 'route', bytes: request(pick(next, METHODS), path, [`Accept: ${pick(next, ACCEPTS)}`]) });
    } else if (roll < 0.6) {
      const headers = [
        `Accept: ${pick(next, ACCEPTS)}`,
        `X-Request-ID: ${pick(next, REQUEST_IDS)}`,
        `traceparent: ${pick(next, TRACEPARENTS)}`,
        ...(next() < 0.3 ? [`Cookie: session=${'c'.repeat(Math.floor(next() * 8000))}`] : []),
      ];
      corpus.push({ kind: 'header', bytes: request('GET', pick(next, ROUTES), headers) });
    } else if (roll < 0.8) {
      const type = pick(next, ['application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'application/json;;;']);
      corpus.push({ kind: 'body', bytes: request('POST', pick(next, ['/secret', '/ok', '/nope']), [`Content-Type: ${type}`, `Accept: ${pick(next, ACCEPTS)}`], pick(next, BODIES)) });
    } else {
      corpus.push({ kind: 'parser', bytes: parserCase(next) });
    }
  }
  return corpus;
}
