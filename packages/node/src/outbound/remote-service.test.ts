// remoteService without the preload, against a loopback server: the caller's own abort, a body that cannot
// be sent twice, and an answer the caller reads as usual.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { remoteService } from './remote-service';

let base = '';
let hits = 0;
const server = createServer((req, res) => {
  hits += 1;
  req.resume();
  if (req.url === '/hang') return;
  res.writeHead(req.url === '/busy' ? 503 : 200, { 'content-type': 'application/json' });
  res.end(req.url === '/busy' ? '{"code":"BUSY"}' : '{"ok":true}');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it('answers a success as fetch does; the body is the caller\'s to read', async () => {
  const service = remoteService('plain', { maxAttempts: 2 });
  const response = await service.fetch(`${base}/ok`);
  expect(await response.json()).toEqual({ ok: true });
});

it('when the caller aborts, rejects with the caller\'s reason, tries no more and leaves the breaker closed', async () => {
  const service = remoteService('aborted', { maxAttempts: 3, timeoutMs: 5000, breaker: { consecutiveFailures: 1 } });
  hits = 0;
  const reason = new Error('client went away');
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), 50);
  await expect(service.fetch(`${base}/hang`, { signal: controller.signal })).rejects.toBe(reason);
  expect(hits).toBe(1);
  expect(service.breakerState).toBe('closed');
});

it('a stream body is sent once, even for a PUT that could be repeated', async () => {
  const service = remoteService('streamed', { maxAttempts: 3, initialDelayMs: 1 });
  hits = 0;
  const body = new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('{}')); controller.close(); } });
  await expect(service.fetch(`${base}/busy`, { method: 'PUT', body, duplex: 'half' } as RequestInit)).rejects.toMatchObject({ name: 'RemoteError', remoteStatus: 503, remoteCode: 'BUSY' });
  expect(hits).toBe(1);
  hits = 0;
  await expect(service.fetch(`${base}/busy`, { method: 'PUT', body: '{}' })).rejects.toMatchObject({ name: 'RemoteError' });
  expect(hits).toBe(3);
});

it('with maxConcurrent calls in flight and no queue, the next fails fast with the bulkhead\'s code, sending nothing', async () => {
  const service = remoteService('limited', { maxConcurrent: 1, maxQueued: 0, timeoutMs: 5000 });
  hits = 0;
  const controller = new AbortController();
  const first = service.fetch(`${base}/hang`, { signal: controller.signal }).catch((error: unknown) => error);
  for (let waited = 0; hits === 0 && waited < 100; waited += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  await expect(service.fetch(`${base}/ok`)).rejects.toMatchObject({ name: 'ExternalServiceError', status: 503, code: 'FAULTLINE_BULKHEAD_FULL' });
  controller.abort(new Error('done waiting'));
  await first;
  expect(hits).toBe(1);
  const response = await service.fetch(`${base}/ok`);
  expect(response.status).toBe(200);
});
