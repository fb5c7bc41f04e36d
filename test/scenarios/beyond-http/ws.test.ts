// ws under the preload, CommonJS and ESM: a throw or rejection in a connection or message listener is
// recorded on a span per event (linked to the connection's span, which continues the upgrade request's
// trace), logged with a run ID that resolves to that trace, the socket is closed with 1011 or kept open
// as configured, and the process keeps serving HTTP. Without the preload the same throw kills the app.
import path from 'node:path';
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useScenario, waitFor } from '../../support';
import type { ExportedSpan } from '../../support';

const scenario = useScenario();
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

interface Client { readonly socket: WebSocket; readonly messages: string[]; readonly closed: Promise<number> }

function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const socket = new WebSocket(url, { headers });
  const messages: string[] = [];
  socket.on('message', (data) => messages.push(String(data)));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('error', reject);
  });
}

const failed = (name: string, message: string) => (s: ExportedSpan) =>
  s.name === name && s.status.code === 2 && s.events.some((e) => e.attributes['exception.message'] === message);

describe.each([
  { mode: 'require' as const, entry: 'ws-app.cjs' },
  { mode: 'import' as const, entry: 'ws-app.mjs' },
])('ws handlers with --$mode', ({ mode, entry }) => {
  const start = (env: Record<string, string> = {}) => scenario.start({ entry: path.join(__dirname, entry), mode, env });

  it('records a throw in a message listener on a message span linked to the connection, closes with 1011, keeps serving', async () => {
    const app = await start();
    const client = await connect(`${app.url.replace('http', 'ws')}/chat?token=fake-secret`, { traceparent: TRACEPARENT });
    client.socket.send('hello');
    await waitFor(() => client.messages.includes('echo hello'));
    client.socket.send('boom');
    expect(await client.closed).toBe(1011);
    expect(await (await fetch(`${app.url}/`)).text()).toBe('ok');

    const message = await waitFor(() => scenario.receiver.spans.find(failed('ws message', 'message listener failed')));
    const connection = await waitFor(() => scenario.receiver.spans.find((s) => s.name === 'ws connection /chat'));
    expect(connection.kind).toBe(2);
    expect(connection.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(message.kind).toBe(5);
    expect(message.links).toEqual([{ traceId: connection.traceId, spanId: connection.spanId }]);
    const runId = String(message.attributes['faultline.request_id']);
    expect(parseRequestId(runId)).toBe(message.traceId);
    expect(message.attributes['faultline.ws.connection_request_id']).toBe(connection.attributes['faultline.request_id']);
    const log = await waitFor(() => scenario.receiver.logs.find((l) => l.attributes['faultline.source'] === 'ws'));
    expect(log.attributes).toMatchObject({ request_id: runId, 'exception.message': 'message listener failed' });
    expect(scenario.receiver.rawText()).not.toContain('fake-secret');
    expect(app.child.exitCode).toBeNull();
  });

  it('keeps the socket open after a rejected async listener with FAULTLINE_WS_ON_ERROR=keep-open', async () => {
    const app = await start({ FAULTLINE_WS_ON_ERROR: 'keep-open' });
    const client = await connect(`${app.url.replace('http', 'ws')}/chat`);
    client.socket.send('reject');
    await waitFor(() => scenario.receiver.spans.find(failed('ws message', 'async message listener failed')));
    client.socket.send('still there');
    await waitFor(() => client.messages.includes('echo still there'));
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
    expect(app.child.exitCode).toBeNull();
  });

  it('records a throw in the connection listener on the connection span and closes with 1011', async () => {
    const app = await start();
    const client = await connect(`${app.url.replace('http', 'ws')}/crash-on-connect`);
    expect(await client.closed).toBe(1011);
    await waitFor(() => scenario.receiver.spans.find(failed('ws connection /crash-on-connect', 'connection listener failed')));
    expect((await fetch(`${app.url}/`)).status).toBe(200);
  });
});

it('without the preload, the same throw in a message listener takes the process down', async () => {
  const app = await scenario.start({ entry: path.join(__dirname, 'ws-app.cjs'), mode: 'none' });
  const client = await connect(`${app.url.replace('http', 'ws')}/chat`);
  client.socket.send('boom');
  expect((await app.exited).code).toBe(1);
  expect(app.stderr()).toContain('message listener failed');
});
