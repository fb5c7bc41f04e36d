// Hono 4 on @hono/node-server, CommonJS under --require and ESM under --import: Hono's error handler answers every failure;
// Faultline records each once, with the status the client got and the route, and the answer stays Hono's.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import { FAKE_SECRET } from '../http/framework-cases';
import { failureLogs, faultlineExceptions, request, serverSpanOf } from '../http/helpers';

const scenario = useScenario();
const apps = path.resolve(__dirname, '../../apps/hono');

describe.each(['require', 'import'] as const)('Hono 4 with --%s', (mode) => {
  const entry = path.join(apps, mode === 'require' ? 'app.cjs' : 'app.mjs');

  it('records a handler\'s throw once on the failed server span, named for the route; Hono\'s answer is unchanged', async () => {
    const app = await scenario.start({ entry, mode });
    const answer = await request(`${app.url}/orders/7`);
    expect(answer.status).toBe(500);
    expect(answer.text).toBe('Internal Server Error');
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.name).toBe('GET /orders/:id');
    expect(span.status.code).toBe(2);
    expect(span.attributes).toMatchObject({ 'error.type': 'Error', 'faultline.severity': 'high', 'faultline.request_id': answer.requestId });
    await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    expect(scenario.receiver.rawText()).not.toContain(FAKE_SECRET);
  });

  it.each([['mounted', '/admin/boom'], ['basePath()', '/api/boom']])('a %s sub-app\'s error still reaches the parent\'s onError, and is recorded once', async (_kind, url) => {
    const app = await scenario.start({ entry, mode, env: { OWN_ON_ERROR: '1' } });
    const answer = await request(`${app.url}${url}`);
    expect(answer.status).toBe(503);
    expect(answer.json()).toEqual({ handledBy: 'app' });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
  });

  it('names a successful request\'s server span for its route too', async () => {
    const app = await scenario.start({ entry, mode });
    const answer = await request(`${app.url}/ok`);
    expect(answer.json()).toEqual({ ok: true });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.name).toBe('GET /ok');
    expect(span.status.code).not.toBe(2);
  });

  it('records an HTTPException with the status it answered, not as an alert', async () => {
    const app = await scenario.start({ entry, mode });
    const answer = await request(`${app.url}/forbidden`);
    expect(answer.status).toBe(403);
    expect(answer.text).toBe('not yours');
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.attributes).toMatchObject({ 'error.type': 'HTTPException', 'faultline.severity': 'medium' });
  });

  it('the app\'s onError answers and logs through Faultline\'s logger; nothing prints the secret', async () => {
    const app = await scenario.start({ entry, mode, env: { OWN_ON_ERROR: '1' } });
    const answer = await request(`${app.url}/orders/7`);
    expect(answer.status).toBe(503);
    expect(answer.json()).toEqual({ handledBy: 'app' });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    const line = await waitFor(() => app.stdout().split('\n').find((l) => l.includes('"name":"hono"')));
    expect(JSON.parse(line)).toMatchObject({ trace_id: span.traceId, msg: 'request failed' });
    expect(app.stdout() + app.stderr()).not.toContain(FAKE_SECRET);
  });
});
