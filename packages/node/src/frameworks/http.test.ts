import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installHttpCapture } from './http';

beforeAll(() => installHttpCapture());

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('answers a listener\'s synchronous throw with a problem instead of crashing', async () => {
  const url = await listen(createServer(() => {
    throw new Error('listener failed');
  }));
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(500);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
});

it('answers an async listener\'s rejection instead of leaving it unhandled', async () => {
  const url = await listen(createServer(async () => {
    await Promise.resolve();
    throw new Error('async listener failed');
  }));
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(500);
});

it('keeps listeners() and removeListener() working with the original function, frozen or not', () => {
  const server = createServer();
  const listener = Object.freeze((_req: IncomingMessage, res: ServerResponse) => {
    res.end();
  });
  server.on('request', listener);
  expect(server.listeners('request')).toEqual([listener]);
  server.removeListener('request', listener);
  expect(server.listenerCount('request')).toBe(0);
});
