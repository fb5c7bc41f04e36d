// Express 4 and 5 share these. By default (FAULTLINE_EXPRESS_LAYER_SPANS=none) a request has its server
// span only: named by the route, which is its http.route, and a failure is recorded once on it. With
// `handlers`, a failure is recorded once in the whole trace, scrubbed, on the route handler span where it
// happened, whether Faultline started that span (a top-level route) or the Express instrumentation did
// (a route in a mounted router); the server span is marked failed and named by route.
import { expect, it } from 'vitest';
import type { RunningApp, Scenario } from '../../support';
import { waitFor } from '../../support';
import type { ExportedSpan } from '../../support';
import { exceptionEvents, request, serverSpanOf, spansOfTrace } from './helpers';

/** The trace's route handler span (Express 4 names it `request handler - <route>`, Express 5 `request handler`). */
function handlerSpan(scenario: Scenario, server: ExportedSpan, route: string): Promise<ExportedSpan> {
  return waitFor(() => spansOfTrace(scenario.receiver, server.traceId)
    .find((span) => span.attributes['express.type'] === 'request_handler' && span.attributes['http.route'] === route));
}

const FAILING_ROUTES = [
  { route: '/async-throw', pattern: '/async-throw' },
  { route: '/next-error', pattern: '/next-error' },
  { route: '/cors/boom', pattern: '/cors/boom' },
];

const HANDLER_SPANS = { FAULTLINE_EXPRESS_LAYER_SPANS: 'handlers' };

export function expressSpanCases(scenario: Scenario, start: (env?: Record<string, string>) => Promise<RunningApp>): void {
  it.each(FAILING_ROUTES)('records the failure of $route once, on the server span named by its route (no layer spans by default)', async ({ route, pattern }) => {
    const app = await start();
    const answer = await request(`${app.url}${route}`);
    expect(answer.status).toBe(500);
    const server = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(server.name).toBe(`GET ${pattern}`);
    expect(server.attributes['http.route']).toBe(pattern);
    expect(server.status.code).toBe(2);
    expect(server.attributes['error.type']).toBe('Error');
    const exceptions = exceptionEvents(scenario.receiver, server.traceId);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]?.span.spanId).toBe(server.spanId);
    expect(exceptions[0]?.event.attributes['faultline.fingerprint']).toEqual(expect.any(String));
    expect(spansOfTrace(scenario.receiver, server.traceId).filter((span) => span.attributes['express.type'] !== undefined)).toEqual([]);
  });

  it('exports a successful request as its server span alone, with the route', async () => {
    const app = await start();
    const answer = await request(`${app.url}/ok`);
    expect(answer.status).toBe(200);
    const server = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(server.name).toBe('GET /ok');
    expect(server.attributes['http.route']).toBe('/ok');
    expect(server.status.code).toBe(0);
    expect(spansOfTrace(scenario.receiver, server.traceId).map((span) => span.spanId)).toEqual([server.spanId]);
  });

  it.each(FAILING_ROUTES)('records the failure of $route once, on its request handler span, with FAULTLINE_EXPRESS_LAYER_SPANS=handlers', async ({ route, pattern }) => {
    const app = await start(HANDLER_SPANS);
    const answer = await request(`${app.url}${route}`);
    expect(answer.status).toBe(500);
    const server = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(server.name).toBe(`GET ${pattern}`);
    expect(server.status.code).toBe(2);
    expect(server.attributes['error.type']).toBe('Error');
    const handler = await handlerSpan(scenario, server, pattern);
    expect(handler.name).toMatch(/^request handler( - |$)/);
    expect(handler.parentSpanId).toBe(server.spanId);
    expect(handler.attributes['express.name']).toBe(pattern);
    expect(handler.status.code).toBe(2);
    const exceptions = exceptionEvents(scenario.receiver, server.traceId);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]?.span.spanId).toBe(handler.spanId);
    expect(exceptions[0]?.event.attributes['faultline.fingerprint']).toEqual(expect.any(String));
  });

  it('leaves a successful route handler span unfailed, under its server span, with FAULTLINE_EXPRESS_LAYER_SPANS=handlers', async () => {
    const app = await start(HANDLER_SPANS);
    const answer = await request(`${app.url}/ok`);
    expect(answer.status).toBe(200);
    const server = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(server.name).toBe('GET /ok');
    const handler = await handlerSpan(scenario, server, '/ok');
    expect(handler.parentSpanId).toBe(server.spanId);
    expect(handler.status.code).toBe(0);
    expect(handler.events).toHaveLength(0);
  });
}
