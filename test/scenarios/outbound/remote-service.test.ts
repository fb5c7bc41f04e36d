// remoteService under the preload (CommonJS, production answers) against a dependency that misbehaves on
// purpose: the right error class for our client, the right number of attempts, backoff within bounds,
// Retry-After honoured, nothing of the remote's message or stack in our answer, everything on the trace.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import { request, serverSpanOf } from '../http/helpers';
import { REMOTE_SECRET_MESSAGE, REMOTE_STACK } from './dependency';
import { traceOf, useDependency } from './helpers';

const scenario = useScenario();
const dependency = useDependency();
const start = () => scenario.start({ entry: path.join(__dirname, 'app.cjs'), mode: 'require', env: { DEP_URL: dependency().url, NODE_ENV: 'production' } });
const hits = (name: string) => dependency().hits.get(name)?.length ?? 0;

describe('remoteService: API errors', () => {
  it('a problem+json 409 is a RemoteError: one attempt, a generic 502 for our client, the remote facts on the trace', async () => {
    const app = await start();
    const answer = await request(`${app.url}/call/conflict`);
    expect(answer.status).toBe(502);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.text).not.toMatch(/alice|already registered|EMAIL_TAKEN|ledger/);
    expect(hits('conflict')).toBe(1);
    const { call, clients } = await traceOf(scenario.receiver, answer.requestId ?? '', 1, 'inventory');
    expect(call?.attributes).toMatchObject({
      'faultline.outbound.outcome': 'api_error', 'faultline.outbound.attempts': 1,
      'faultline.remote.status': 409, 'faultline.remote.code': 'EMAIL_TAKEN', 'faultline.remote.request_id': 'ledger-req-409',
      'error.type': 'RemoteError',
    });
    expect(clients[0]?.attributes).toMatchObject({ 'faultline.outbound.attempt': 1, 'faultline.outbound.outcome': 'api_error' });
    expect(clients[0]?.parentSpanId).toBe(call?.spanId);
  });

  it('a JSON 500 with a stack in it is a RemoteError, not retried, and its message and stack never reach our client', async () => {
    const app = await start();
    const answer = await request(`${app.url}/call/crash`);
    expect(answer.status).toBe(502);
    expect(answer.text).not.toContain(REMOTE_SECRET_MESSAGE.slice(0, 20));
    expect(answer.text).not.toContain('/srv/ledger');
    expect(answer.text).not.toContain(REMOTE_STACK.slice(0, 10));
    expect(hits('crash')).toBe(1);
    const { call, clients } = await traceOf(scenario.receiver, answer.requestId ?? '', 1, 'inventory');
    expect(call?.attributes).toMatchObject({ 'faultline.remote.status': 500, 'faultline.remote.request_id': 'ledger-req-500', 'faultline.remote.code': 'LEDGER_CRASH' });
    expect(clients[0]?.attributes['faultline.remote.request_id']).toBe('ledger-req-500');
    // The remote's stack is not ours: it is on no span of ours.
    expect(JSON.stringify(call)).not.toContain('/srv/ledger');
    // The failure record of our request names the remote's request ID (what the support lookup shows).
    const server = await serverSpanOf(scenario.receiver, answer.requestId ?? '');
    const event = server.events.find((candidate) => candidate.name === 'exception');
    expect(event?.attributes).toMatchObject({ 'exception.type': 'RemoteError', 'faultline.remote.request_id': 'ledger-req-500', 'faultline.remote.status': 500, 'faultline.remote.service': 'inventory' });
    const log = await waitFor(() => scenario.receiver.logs.find((record) => record.attributes.request_id === answer.requestId));
    expect(log.attributes).toMatchObject({ 'faultline.remote.request_id': 'ledger-req-500' });
  });

  it('a 503 problem+json is retried (Retry-After: 0) and, still failing, is a RemoteError after every attempt', async () => {
    const app = await start();
    const answer = await request(`${app.url}/call/unavailable`);
    expect(answer.status).toBe(502);
    expect(hits('unavailable')).toBe(3);
    const { call } = await traceOf(scenario.receiver, answer.requestId ?? '', 3, 'inventory');
    expect(call?.attributes).toMatchObject({ 'faultline.outbound.attempts': 3, 'faultline.remote.code': 'OVERLOADED' });
  });
});

describe('remoteService: communication failures', () => {
  it('an HTML 502 from a proxy is an ExternalServiceError, retried with bounded jittered backoff, each attempt a client span', async () => {
    const app = await start();
    const answer = await request(`${app.url}/call/html502`);
    expect(answer.status).toBe(502);
    expect(answer.text).not.toMatch(/nginx|edge-proxy/);
    expect(hits('html502')).toBe(3);
    const { call, clients } = await traceOf(scenario.receiver, answer.requestId ?? '', 3, 'inventory');
    expect(call?.attributes).toMatchObject({ 'error.type': 'ExternalServiceError', 'faultline.outbound.outcome': 'communication_failure', 'faultline.outbound.failure': 'not_api_answer' });
    expect(clients.map((span) => span.attributes['faultline.outbound.attempt'])).toEqual([1, 2, 3]);
    expect(clients.every((span) => span.attributes['faultline.remote.request_id'] === 'proxy-7f3a')).toBe(true);
    const retries = call?.events.filter((event) => event.name === 'faultline.outbound.retry') ?? [];
    expect(retries.map((event) => event.attributes['faultline.outbound.attempt'])).toEqual([2, 3]);
    for (const event of retries) {
      expect(event.attributes['faultline.outbound.delay_ms']).toBeGreaterThanOrEqual(0);
      expect(event.attributes['faultline.outbound.delay_ms']).toBeLessThanOrEqual(200);
    }
  });

  it('a POST is not repeated after an answer it may have acted on, unless it carries an idempotency key', async () => {
    const app = await start();
    expect((await request(`${app.url}/call/html502?method=POST`)).status).toBe(502);
    expect(hits('html502')).toBe(1);
    expect((await request(`${app.url}/call/html502?method=POST&key=order-7`)).status).toBe(502);
    expect(hits('html502')).toBe(4);
  });

  it('a reset is an ExternalServiceError (failure "reset"), retried', async () => {
    const app = await start();
    const answer = await request(`${app.url}/call/reset`);
    expect(answer.status).toBe(502);
    expect(hits('reset')).toBe(3);
    const { call } = await traceOf(scenario.receiver, answer.requestId ?? '', 3, 'inventory');
    expect(call?.attributes).toMatchObject({ 'faultline.outbound.failure': 'reset', 'faultline.outbound.attempts': 3 });
  });

  it.each(['hang', 'slow'])('a dependency that does not answer in time (%s) is a TimeoutError 504 after three bounded attempts', async (name) => {
    const app = await start();
    const began = Date.now();
    const answer = await request(`${app.url}/timed/${name}`, { signal: AbortSignal.timeout(5000) });
    expect(answer.status).toBe(504);
    // Three 300 ms attempts and two waits of at most 200 ms, with room for a loaded machine.
    expect(Date.now() - began).toBeLessThan(3000);
    expect(hits(name)).toBe(3);
    const { call } = await traceOf(scenario.receiver, answer.requestId ?? '', 3, 'impatient');
    expect(call?.attributes).toMatchObject({ 'error.type': 'TimeoutError', 'faultline.outbound.failure': 'timeout' });
  });

  it('honours a 503 Retry-After: the second attempt waits the asked second, then succeeds', async () => {
    const app = await start();
    const answer = await request(`${app.url}/call/retry-after`, { signal: AbortSignal.timeout(5000) });
    expect(answer.status).toBe(200);
    const [first, second] = dependency().hits.get('retry-after') ?? [];
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(950);
    const { call } = await traceOf(scenario.receiver, answer.requestId ?? '', 2, 'inventory');
    expect(call?.attributes).toMatchObject({ 'faultline.outbound.outcome': 'ok', 'faultline.outbound.attempts': 2 });
    expect(call?.events.find((event) => event.name === 'faultline.outbound.retry')?.attributes['faultline.outbound.delay_ms']).toBeGreaterThanOrEqual(1000);
  });

  it('call() puts any client under the same policies: http.get resets are retried, each attempt numbered', async () => {
    const app = await start();
    const answer = await request(`${app.url}/fn/reset`);
    expect(answer.status).toBe(502);
    expect(hits('reset')).toBe(3);
    const { clients } = await traceOf(scenario.receiver, answer.requestId ?? '', 3, 'inventory');
    expect(clients.map((span) => span.attributes['faultline.outbound.attempt'])).toEqual([1, 2, 3]);
    expect(clients[0]?.attributes).toMatchObject({ 'faultline.outbound.outcome': 'communication_failure', 'faultline.outbound.failure': 'reset' });
  });
});
