// Plain node:http under the preload: a listener's sync throw or async rejection becomes a recorded
// failure and a problem response instead of a crash, an unhandledRejection or a hang; and the
// traceparent-trust setting.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRequestId } from '@faultline/core';
import { useScenario, waitFor } from '../../support';
import { FAKE_SECRET } from './framework-cases';
import { faultlineExceptions, request, serverSpanOf } from './helpers';

const APP_DIR = path.resolve(__dirname, '../../apps/http');
const scenario = useScenario();
const CALLER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${CALLER_TRACE_ID}-b7ad6b7169203331-01`;

describe('node:http with --require', () => {
  const start = (env: Record<string, string> = {}) => scenario.start({ entry: path.join(APP_DIR, 'app.cjs'), mode: 'require', env });

  it('answers a listener\'s synchronous throw and keeps serving', async () => {
    const app = await start();
    const answer = await request(`${app.url}/sync-throw`);
    expect(answer.status).toBe(500);
    expect(answer.json()).toMatchObject({ status: 500, requestId: answer.requestId });
    expect((await request(`${app.url}/ok`)).status).toBe(200);
  });

  it('answers an async listener\'s rejection, records it once, leaks no secret', async () => {
    const app = await start();
    const answer = await request(`${app.url}/async-throw`);
    expect(answer.status).toBe(500);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).toBe(2);
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    expect(answer.text + scenario.receiver.rawText()).not.toContain(FAKE_SECRET);
    expect(app.stdout()).not.toContain('UNHANDLED_REJECTION');
  });

  it('continues the caller\'s trace by default', async () => {
    const app = await start();
    const answer = await request(`${app.url}/ok`, { headers: { traceparent: TRACEPARENT } });
    expect(parseRequestId(String(answer.requestId))).toBe(CALLER_TRACE_ID);
  });

  it('with FAULTLINE_TRUST_TRACEPARENT=false starts a new trace and links the caller\'s', async () => {
    const app = await start({ FAULTLINE_TRUST_TRACEPARENT: 'false' });
    const answer = await request(`${app.url}/ok`, { headers: { traceparent: TRACEPARENT } });
    const traceId = parseRequestId(String(answer.requestId));
    expect(traceId).not.toBe(CALLER_TRACE_ID);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.parentSpanId).toBeUndefined();
    expect(JSON.stringify(scenario.receiver.requests.map((r) => r.body))).toContain(CALLER_TRACE_ID);
  });
});

describe('node:http with --import', () => {
  it('answers a listener\'s synchronous throw', async () => {
    const app = await scenario.start({ entry: path.join(APP_DIR, 'app.mjs'), mode: 'import' });
    const answer = await request(`${app.url}/sync-throw`);
    expect(answer.status).toBe(500);
    expect(answer.contentType).toContain('application/problem+json');
  });
});
