import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exportAgentFactory } from './export-keeps-no-process';

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function collector(): Promise<{ url: string; received: () => number }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`, received: () => received };
}

function post(url: string, agent: http.Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(Buffer.alloc(2048, 1));
  });
}

describe('the export agent', () => {
  it('reuses a kept-alive socket for export after export, each sent once and answered', async () => {
    const sink = await collector();
    const agent = exportAgentFactory()('http:');
    const answers: Array<{ status: number; reused: boolean }> = [];
    for (let i = 0; i < 10; i++) answers.push(await post(sink.url, agent));
    agent.destroy();
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // The first opens the socket; every later one rides on it (and is not reset when its reply arrives).
    expect(answers.slice(1).every((a) => a.reused)).toBe(true);
    expect(sink.received()).toBe(10);
  });

  it('leaves a reused socket unref\'d, so an export in flight holds no process open', async () => {
    const sink = await collector();
    const agent = exportAgentFactory()('http:');
    await post(sink.url, agent);
    // Read while the reply is in flight: the socket is in use, where Node's own agent refs it.
    const inFlight = await new Promise<boolean | undefined>((resolve, reject) => {
      const req = http.request(sink.url, { method: 'POST', agent }, (res) => {
        const handle = (req.socket as unknown as { _handle?: { hasRef?: () => boolean } })._handle;
        resolve(handle?.hasRef?.());
        res.resume();
      });
      req.on('error', reject);
      req.end('x');
    });
    agent.destroy();
    expect(inFlight).toBe(false);
  });
});
