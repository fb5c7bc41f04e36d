// Do no harm, Koa 2 and 3 (CommonJS) and Koa 3 (ESM): statuses, explicit answers, the 'error' event and
// app.use's own errors as Koa's own, failures recorded and answered on Koa 3 too.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import { faultlineExceptions, request, serverSpanOf } from '../http/helpers';
import type { PreloadMode } from '../../support/start-app';

const scenario = useScenario();
const APPS = path.resolve(__dirname, '../../apps');
const variants: { name: string; entry: string; mode: PreloadMode; major: number }[] = [
  { name: 'Koa 2 with --require', entry: path.join(APPS, 'koa2/no-harm.cjs'), mode: 'require', major: 2 },
  { name: 'Koa 3 with --require', entry: path.join(APPS, 'koa3/no-harm.cjs'), mode: 'require', major: 3 },
  { name: 'Koa 3 with --import', entry: path.join(APPS, 'koa3/app.mjs'), mode: 'import', major: 3 },
];

for (const { name, entry, mode, major } of variants) {
  describe(name, () => {
    it('answers with the status Koa would (ctx.throw, statusCode, ENOENT on Koa 2) and records the failure', async () => {
      const app = await scenario.start({ entry, mode });
      expect((await request(`${app.url}/forbidden`)).status).toBe(403);
      expect((await request(`${app.url}/status-code-field`)).status).toBe(410);
      expect((await request(`${app.url}/enoent`)).status).toBe(major === 2 ? 404 : 500);
      const failed = await request(`${app.url}/async-throw`);
      expect(failed.status).toBe(500);
      expect(failed.contentType).toContain('application/problem+json');
      const span = await serverSpanOf(scenario.receiver, String(failed.requestId));
      await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
      const forbidden = await request(`${app.url}/forbidden`);
      const forbiddenSpan = await serverSpanOf(scenario.receiver, String(forbidden.requestId));
      expect(forbiddenSpan.attributes['faultline.severity']).toBe('medium');
    });

    it('records the status the client got when the app answered the failure itself (403: medium)', async () => {
      const app = await scenario.start({ entry, mode });
      const answer = await request(`${app.url}/own-403`);
      expect(answer.status).toBe(403);
      expect(answer.json()).toEqual({ handledBy: 'app' });
      const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
      await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
      expect(span.attributes['faultline.severity']).toBe('medium');
      expect(span.attributes['http.response.status_code']).toBe(403);
    });

    it('leaves an explicit `ctx.body = null` with a 404 as the app set it', async () => {
      const app = await scenario.start({ entry, mode });
      const answer = await request(`${app.url}/explicit-null`);
      expect(answer.status).toBe(404);
      expect(answer.text).toBe('');
    });

    it("gives the 'error' event Koa's own error: a thrown object's JSON text, and status", async () => {
      const app = await scenario.start({ entry, mode });
      await request(`${app.url}/non-error`);
      await request(`${app.url}/forbidden`);
      await waitFor(() => app.stdout().includes('ERROR_EVENT Forbidden'));
      expect(app.stdout()).toContain('ERROR_EVENT non-error thrown: {"reason":"plain object"}');
      expect(app.stdout()).toContain('ERROR_EVENT Forbidden status=403');
    });

    it("keeps app.use(null)'s own error under the OpenTelemetry Koa instrumentation", async () => {
      const app = await scenario.start({ entry, mode });
      expect(app.stdout()).toContain('USE_NULL middleware must be a function!');
      if (major !== 2) return;
      // Koa 2 converts a generator middleware (with its deprecation warning); the wrapper would hide it.
      expect(app.stdout()).toContain('DEPRECATION Support for generators will be removed');
      const answer = await request(`${app.url}/generator`);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('from a generator');
    });
  });
}
