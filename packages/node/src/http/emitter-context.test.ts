// Listeners on a request and its response run in the context set on them, whatever context they were
// added or fired in; emitters no context was set on behave as before.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, context, createContextKey } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installEmitterContext, setEmitterContext } from './emitter-context';

const WHO = createContextKey('who');
const who = (): unknown => context.active().getValue(WHO);

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  installEmitterContext();
});
afterAll(() => context.disable());

it('runs req and res listeners in the request context, even when added or fired inside a child context', async () => {
  const seen: Record<string, unknown> = {};
  const server = createServer((req, res) => {
    const requestContext = ROOT_CONTEXT.setValue(WHO, 'request');
    setEmitterContext(req, requestContext);
    setEmitterContext(res, requestContext);
    // A body read set up later, from a timer (no context of its own).
    setTimeout(() => {
      req.on('data', () => (seen.data = who()));
      req.on('end', () => {
        seen.end = who();
        context.with(requestContext.setValue(WHO, 'handler span'), () => {
          res.on('finish', () => (seen.finish = who()));
          res.end('ok');
        });
      });
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const clientSaw = await new Promise<unknown>((resolve, reject) => {
      const outgoing = request({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-length': '2' } }, (incoming) => {
        // A client response: nobody set a context on it, so its listeners see the caller's.
        context.with(ROOT_CONTEXT.setValue(WHO, 'client'), () => incoming.on('end', () => resolve(who())));
        incoming.resume();
      });
      outgoing.on('error', reject);
      outgoing.end('hi');
    });
    expect(seen).toEqual({ data: 'request', end: 'request', finish: 'request' });
    expect(clientSaw).toBeUndefined();
  } finally {
    server.close();
  }
});
