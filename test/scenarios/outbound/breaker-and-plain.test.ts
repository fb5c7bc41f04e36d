// The circuit breaker opening and recovering, the basics plain fetch and http.get get under the preload,
// and remoteService under --import (ESM).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { delay, useScenario } from '../../support';
import { request } from '../http/helpers';
import { traceOf, useDependency } from './helpers';

const scenario = useScenario();
const dependency = useDependency();
const start = (entry = 'app.cjs', mode: 'require' | 'import' = 'require') =>
  scenario.start({ entry: path.join(__dirname, entry), mode, env: { DEP_URL: dependency().url, NODE_ENV: 'production' } });
const hits = (name: string) => dependency().hits.get(name)?.length ?? 0;

describe('circuit breaker', () => {
  it('opens after two failures, fails fast with its own code without calling, then a half-open probe closes it', async () => {
    const app = await start();
    const first = await request(`${app.url}/breaker/flaky`);
    const second = await request(`${app.url}/breaker/flaky`);
    expect([first.status, second.status]).toEqual([502, 502]);
    const fast = await request(`${app.url}/breaker/flaky`);
    expect(fast.status).toBe(503);
    expect(fast.json()).toMatchObject({ status: 503, code: 'FAULTLINE_CIRCUIT_OPEN' });
    expect(hits('flaky')).toBe(2);
    expect((await request(`${app.url}/breaker-state/x`)).json()).toEqual({ breaker: 'open' });

    dependency().down = false;
    await delay(350);
    const probe = await request(`${app.url}/breaker/flaky`);
    expect(probe.json()).toEqual({ status: 200, breaker: 'closed' });
    expect(hits('flaky')).toBe(3);

    const opened = await traceOf(scenario.receiver, second.requestId ?? '', 1, 'payments');
    expect(opened.call?.events.map((event) => event.name)).toContain('faultline.breaker.open');
    const failedFast = await traceOf(scenario.receiver, fast.requestId ?? '', 0, 'payments');
    expect(failedFast.call?.attributes).toMatchObject({ 'faultline.outbound.outcome': 'circuit_open', 'faultline.outbound.attempts': 0, 'faultline.error.code': 'FAULTLINE_CIRCUIT_OPEN' });
    const recovered = await traceOf(scenario.receiver, probe.requestId ?? '', 1, 'payments');
    expect(recovered.call?.events.map((event) => event.name)).toEqual(['faultline.breaker.half_open', 'faultline.breaker.close']);
  });
});

describe('plain outbound calls under the preload', () => {
  it.each([
    ['plain', 'html502', { 'faultline.outbound.outcome': 'communication_failure', 'faultline.outbound.failure': 'not_api_answer', 'faultline.remote.request_id': 'proxy-7f3a' }],
    ['plain', 'conflict', { 'faultline.outbound.outcome': 'api_error' }],
    ['plain', 'reset', { 'faultline.outbound.outcome': 'communication_failure', 'faultline.outbound.failure': 'reset' }],
    ['plain-http', 'crash', { 'faultline.outbound.outcome': 'api_error', 'faultline.remote.request_id': 'ledger-req-500' }],
    ['plain-http', 'reset', { 'faultline.outbound.outcome': 'communication_failure', 'faultline.outbound.failure': 'reset' }],
  ])('%s %s: the client span says what kind of failure it was', async (kind, name, expected) => {
    const app = await start();
    const answer = await request(`${app.url}/${kind}/${name}`);
    expect(answer.status).toBe(200);
    const { clients } = await traceOf(scenario.receiver, answer.requestId ?? '', 1);
    expect(clients[0]?.attributes).toMatchObject(expected);
  });

  it('a successful plain call gets none of it', async () => {
    const app = await start();
    const answer = await request(`${app.url}/plain/ok`);
    const { clients } = await traceOf(scenario.receiver, answer.requestId ?? '', 1);
    expect(Object.keys(clients[0]?.attributes ?? {}).filter((key) => key.startsWith('faultline.'))).toEqual([]);
  });
});

describe('under --import (ESM)', () => {
  it('remoteService retries an HTML 502 and numbers each attempt', async () => {
    const app = await start('app.mjs', 'import');
    const answer = await request(`${app.url}/call/html502`);
    expect(answer.status).toBe(502);
    expect(hits('html502')).toBe(3);
    const { clients } = await traceOf(scenario.receiver, answer.requestId ?? '', 3, 'inventory');
    expect(clients.map((span) => span.attributes['faultline.outbound.attempt'])).toEqual([1, 2, 3]);
  });
});
