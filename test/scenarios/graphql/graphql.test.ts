// graphql-yoga 5 and Apollo Server 5, CommonJS under --require and ESM under --import: resolver errors come back in errors[] of
// a 200; Faultline records each once with its path and the operation name, marks the request failed,
// and in production withholds an unexpected error's message (expected ones keep theirs).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import { FAKE_SECRET } from '../http/framework-cases';
import { failureLogs, faultlineExceptions, request, serverSpanOf, spansOfTrace } from '../http/helpers';

const scenario = useScenario();
const apps = path.resolve(__dirname, '../../apps/graphql');
const QUERY = JSON.stringify({ query: 'query Checkout { ok boom again userError exposed }', operationName: 'Checkout' });

interface GraphqlAnswer {
  data: Record<string, unknown>;
  errors: { message: string; path: string[]; extensions: Record<string, unknown> }[];
}

/**
 * A server's first query builds its schema and caches: on a loaded machine it can outlast the 2 s bound
 * the measured requests keep. One query first, bounded longer (still a bound: a hang fails the test).
 */
async function warmUp(url: string): Promise<void> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ok }' }), signal: AbortSignal.timeout(15_000),
  });
  await response.text();
}

const CASES = [['yoga', 'require'], ['yoga', 'import'], ['apollo', 'require'], ['apollo', 'import']] as const;

describe.each(CASES)('%s with --%s', (server, mode) => {
  const entry = path.join(apps, mode === 'require' ? 'app.cjs' : 'app.mjs');
  const start = async (env: Record<string, string> = {}) => {
    const app = await scenario.start({ entry, mode, env: { SERVER: server, ...env } });
    await warmUp(app.url);
    return app;
  };
  const post = (url: string) => request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });

  it('records each resolver error once, with its path and operation, and fails the 200 request', async () => {
    const app = await start();
    const answer = await post(app.url);
    expect(answer.status).toBe(200);
    expect(answer.json<GraphqlAnswer>().data).toMatchObject({ ok: 'fine', boom: null });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).toBe(2);
    // Yoga answers at its endpoint only; Apollo's standalone server at any path, so no route is derived.
    expect(span.name).toBe(server === 'yoga' ? 'POST /graphql query Checkout' : 'POST query Checkout');
    expect(span.attributes).toMatchObject({ 'error.type': 'Error', 'faultline.severity': 'high', 'graphql.operation.name': 'Checkout' });
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) === 4);
    const resolves = spansOfTrace(scenario.receiver, span.traceId).filter((s) => s.name.startsWith('graphql.resolve'));
    expect(resolves.map((s) => s.attributes['graphql.field.path']).sort()).toEqual(['again', 'boom', 'exposed', 'userError']);
    expect(resolves.every((s) => s.attributes['graphql.operation.name'] === 'Checkout' && s.parentSpanId === span.spanId)).toBe(true);
    const severity = Object.fromEntries(resolves.map((s) => [s.attributes['graphql.field.path'], s.events[0]?.attributes['faultline.severity']]));
    expect(severity).toEqual({ boom: 'high', again: 'high', userError: 'low', exposed: 'low' });
    await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) === 4);
    // Development shows the detail (Apollo), scrubbed.
    expect(answer.text).not.toContain(FAKE_SECRET);
    expect(scenario.receiver.rawText()).not.toContain(FAKE_SECRET);
    expect(app.stdout() + app.stderr()).not.toContain(FAKE_SECRET);
  });

  it('production: an unexpected error\'s message is withheld, with the request ID; expected ones keep theirs', async () => {
    const app = await start({ NODE_ENV: 'production' });
    const answer = await post(app.url);
    expect(answer.text).not.toContain(FAKE_SECRET);
    const errors = Object.fromEntries(answer.json<GraphqlAnswer>().errors.map((e) => [e.path[0], e]));
    expect(errors.boom?.message).not.toContain('charge failed');
    expect(errors.again?.message).not.toContain('second failure');
    expect(errors.boom?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: answer.requestId });
    expect(errors.userError).toMatchObject({ message: 'coupon expired', extensions: { code: 'BAD_USER_INPUT', requestId: answer.requestId } });
    expect(errors.exposed).toMatchObject({ message: 'quantity must be positive', extensions: { requestId: answer.requestId } });
  });

  it('a list field failing for each of its 50 items is recorded once, the rest counted', async () => {
    const app = await start();
    const body = JSON.stringify({ query: 'query Items { items { id broken } }', operationName: 'Items' });
    const answer = await request(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(answer.json<GraphqlAnswer>().errors).toHaveLength(50);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.attributes['graphql.errors.dropped']).toBe(49);
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    const resolves = spansOfTrace(scenario.receiver, span.traceId).filter((s) => s.name.startsWith('graphql.resolve'));
    expect(resolves.map((s) => [s.name, s.attributes['graphql.field.path']])).toEqual([['graphql.resolve items.[].broken', 'items.0.broken']]);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) > 0);
    expect(failureLogs(scenario.receiver, String(answer.requestId))).toBe(1);
  });

  it('a query without errors is not a failure', async () => {
    const app = await start();
    const answer = await request(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ok }' }) });
    expect(answer.json()).toEqual({ data: { ok: 'fine' } });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    // An anonymous operation: the endpoint only.
    expect(span.name).toBe(server === 'yoga' ? 'POST /graphql' : 'POST');
    expect(span.status.code).not.toBe(2);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(0);
  });
});

describe('yoga, a request the sampler left out', () => {
  it('still exports the failed request with its errors recorded', async () => {
    const app = await scenario.start({
      entry: path.join(apps, 'app.cjs'),
      mode: 'require',
      env: { SERVER: 'yoga', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
    });
    await warmUp(app.url);
    const answer = await request(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
    const errors = answer.json<GraphqlAnswer>().errors;
    expect(errors.every((e) => e.extensions.requestId === answer.requestId)).toBe(true);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).toBe(2);
    await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) === 4);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(4);
  });
});

describe('apollo standalone, which answers any path', () => {
  it('does not make a route of the path a client chose', async () => {
    const app = await scenario.start({ entry: path.join(apps, 'app.cjs'), mode: 'require', env: { SERVER: 'apollo' } });
    await warmUp(app.url);
    const answer = await request(`${app.url}/made-up-path-7`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
    expect(answer.status).toBe(200);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.name).toBe('POST query Checkout');
    expect(span.attributes['http.route']).toBeUndefined();
    expect(span.attributes['url.path']).toBe('/made-up-path-7');
  });
});

describe('yoga with maskedErrors: false', () => {
  it('still gives every resolver error extensions.requestId, and its own message', async () => {
    const app = await scenario.start({ entry: path.join(apps, 'app.cjs'), mode: 'require', env: { SERVER: 'yoga', YOGA_MASKED_ERRORS: 'off', NODE_ENV: 'production' } });
    await warmUp(app.url);
    const answer = await request(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
    const errors = answer.json<GraphqlAnswer>().errors;
    expect(errors).toHaveLength(4);
    expect(errors.every((e) => e.extensions.requestId === answer.requestId)).toBe(true);
    expect(Object.fromEntries(errors.map((e) => [e.path[0], e.message]))).toMatchObject({ again: 'second failure', userError: 'coupon expired' });
  });
});
