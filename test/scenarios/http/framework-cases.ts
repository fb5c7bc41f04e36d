// The behaviour every framework adapter shares, as one suite each framework's scenario test runs with its
// own app: an async throw answered as problem+json with the request ID, recorded once on a failed server
// span, the app's own error handler winning, a default problem 404, and no leaked secret.
import { expect, it } from 'vitest';
import { parseRequestId } from '@faultline/core';
import type { RunningApp, Scenario } from '../../support';
import { waitFor } from '../../support';
import { REQUEST_TIMEOUT_MS, faultlineExceptions, request, serverSpanOf } from './helpers';

export const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';

export interface FrameworkCase {
  readonly scenario: Scenario;
  start(env?: Record<string, string>): Promise<RunningApp>;
  /** Routes the app has; each case is skipped when its route is absent. */
  readonly routes: {
    readonly ownErrorHandler?: string;
    /** A route whose own error handler (a route option, where the framework has one) answers 504 `{ handledBy: 'route' }`. */
    readonly ownRouteErrorHandler?: string;
    /** FAULTLINE_ERROR_RESPONSES=framework: the framework's own error body (JSON with `statusCode`) for /async-throw. */
    readonly frameworkErrorBody?: boolean;
    readonly ownNotFound?: string;
    readonly secretInMessage?: boolean;
    /**
     * A route behind CORS middleware (`Access-Control-Allow-Origin: https://app.example.test`) whose GET
     * sets Content-Disposition then throws a 500 with `headers: { 'x-upstream-host': ... }`, and whose
     * POST throws an exposed 405 with `headers: { allow: 'GET' }`.
     */
    readonly corsErrors?: string;
  };
}

export function frameworkCases({ scenario, start, routes }: FrameworkCase): void {
  it('answers an async throw with a 500 problem+json carrying the request ID, recorded once, no unhandledRejection', async () => {
    const app = await start();
    const answer = await request(`${app.url}/async-throw`);
    expect(answer.status).toBe(500);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 500, requestId: answer.requestId });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.traceId).toBe(parseRequestId(String(answer.requestId)));
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('Error');
    expect(span.attributes['faultline.request_id']).toBe(answer.requestId);
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    if (routes.secretInMessage) {
      expect(answer.text).not.toContain(FAKE_SECRET);
      expect(scenario.receiver.rawText()).not.toContain(FAKE_SECRET);
    }
    expect(app.stdout()).not.toContain('UNHANDLED_REJECTION');
  });

  it('production: a generic title, no message, no stack; a browser gets HTML', async () => {
    const app = await start({ NODE_ENV: 'production' });
    const answer = await request(`${app.url}/async-throw`);
    expect(answer.status).toBe(500);
    expect(answer.text).not.toMatch(/async handler failed|\bat \S+ \(|node_modules/);
    const page = await request(`${app.url}/async-throw`, { headers: { accept: 'text/html' } });
    expect(page.contentType).toContain('text/html');
    expect(page.text).toContain(String(page.requestId));
  });

  it('puts X-Request-ID on successes too', async () => {
    const app = await start();
    const answer = await request(`${app.url}/ok`);
    expect(answer.status).toBe(200);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).not.toBe(2);
  });

  it('answers a route that matches nothing with a problem+json 404', async () => {
    const app = await start();
    const answer = await request(`${app.url}/no/such/route`);
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 404, requestId: answer.requestId });
  });

  if (routes.ownNotFound !== undefined) {
    const route = routes.ownNotFound;
    it('leaves the app\'s own 404 handler alone', async () => {
      const app = await start();
      const answer = await request(`${app.url}${route}`);
      expect(answer.status).toBe(404);
      expect(answer.json()).toEqual({ notFoundBy: 'app' });
      expect(answer.requestId).not.toBeNull();
    });
  }

  if (routes.corsErrors !== undefined) {
    const route = routes.corsErrors;
    it('keeps the app\'s CORS header on a problem response, drops representation headers and a 5xx\'s err.headers, applies an exposed 4xx\'s', async () => {
      const app = await start();
      const failed = await fetch(`${app.url}${route}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      expect(failed.status).toBe(500);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
      expect(failed.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
      expect(failed.headers.get('content-disposition')).toBeNull();
      expect(failed.headers.get('x-upstream-host')).toBeNull();
      expect(await failed.json()).toMatchObject({ status: 500 });

      const notAllowed = await fetch(`${app.url}${route}`, { method: 'POST', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      expect(notAllowed.status).toBe(405);
      expect(notAllowed.headers.get('allow')).toBe('GET');
      expect(notAllowed.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
      expect(await notAllowed.json()).toMatchObject({ status: 405 });
    });
  }

  /** The app's own handler answered `route` with `status` and `body`; the failure is still recorded, once. */
  async function expectAnsweredByApp(route: string, status: number, body: Record<string, unknown>): Promise<void> {
    const app = await start();
    const answer = await request(`${app.url}${route}`);
    expect(answer.status).toBe(status);
    expect(answer.json()).toMatchObject(body);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.attributes['error.type']).toBe('Error');
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
  }

  const ownHandler = routes.ownErrorHandler;
  if (ownHandler !== undefined) {
    it('lets the app\'s own error handler answer, and still records the failure once', () => expectAnsweredByApp(ownHandler, 503, { handledBy: 'app' }));
  }

  const routeHandler = routes.ownRouteErrorHandler;
  if (routeHandler !== undefined) {
    it('lets a route\'s own error handler answer, and still records the failure once', () => expectAnsweredByApp(routeHandler, 504, { handledBy: 'route' }));
  }

  if (routes.frameworkErrorBody === true) {
    it('FAULTLINE_ERROR_RESPONSES=framework keeps the framework\'s own error body, and still records the failure', async () => {
      const app = await start({ FAULTLINE_ERROR_RESPONSES: 'framework' });
      const answer = await request(`${app.url}/async-throw`);
      expect(answer.status).toBe(500);
      expect(answer.contentType).toContain('application/json');
      expect(answer.json()).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
      const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
      expect(span.status.code).toBe(2);
      await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
      expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
      const missing = await request(`${app.url}/no/such/route`);
      expect(missing.status).toBe(404);
      expect(missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  }
}
