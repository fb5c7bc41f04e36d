// Do no harm, Express 4 and 5: under the preload an app's own statuses, the headers that carry an error's
// meaning and its router driven with plain objects behave as Express's own (found by running Express's
// own test suites under the preload; see docs/capture.md "What the preload changes").
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario } from '../../support';
import { request, serverSpanOf } from '../http/helpers';

const scenario = useScenario();

const variants = [4, 5].flatMap((major) => [
  { major, mode: 'require' as const, entry: path.resolve(__dirname, `../../apps/express${major}/no-harm.cjs`) },
  { major, mode: 'import' as const, entry: path.resolve(__dirname, `../../apps/express${major}/no-harm.mjs`) },
]);

for (const { major, mode, entry } of variants) {
  describe(`Express ${major} with --${mode}`, () => {
    it('answers and records an error\'s own status (err.status, err.statusCode), as Express\'s finalhandler does', async () => {
      const app = await scenario.start({ entry, mode });
      for (const [route, status] of [['/status/404', 404], ['/status/403', 403], ['/status/400', 400], ['/status-code-field', 410]] as const) {
        const answer = await request(`${app.url}${route}`);
        expect(answer.status).toBe(status);
        expect(answer.json()).toMatchObject({ status });
      }
      // 403 is medium, not a page: the recorded severity follows the status the client got.
      const forbidden = await request(`${app.url}/status/403`);
      const span = await serverSpanOf(scenario.receiver, String(forbidden.requestId));
      expect(span.attributes['http.response.status_code']).toBe(403);
      expect(span.attributes['faultline.severity']).toBe('medium');
    });

    it('records the status the client got when the app\'s own error handler answered (403: medium, not a 500)', async () => {
      const app = await scenario.start({ entry, mode });
      const answer = await request(`${app.url}/app-answers-403`);
      expect(answer.status).toBe(403);
      expect(answer.json()).toEqual({ handledBy: 'app' });
      const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
      expect(span.attributes['http.response.status_code']).toBe(403);
      expect(span.attributes['faultline.severity']).toBe('medium');
      const failure = scenario.receiver.logs.find((log) => JSON.stringify(log).includes(String(answer.requestId)) && log.attributes['faultline.source'] !== undefined);
      expect(failure?.attributes['faultline.error.status']).toBe(403);
    });

    it('keeps a status outside 400-599 and a downstream answer\'s status ours: 500', async () => {
      const app = await scenario.start({ entry, mode });
      expect((await request(`${app.url}/status/302`)).status).toBe(500);
      expect((await request(`${app.url}/downstream-404`)).status).toBe(500);
    });

    it('keeps the headers that carry the error\'s meaning (Content-Range on 416, Allow on 405)', async () => {
      const app = await scenario.start({ entry, mode });
      const range = await fetch(`${app.url}/range-not-satisfiable`);
      expect(range.status).toBe(416);
      expect(range.headers.get('content-range')).toBe('bytes */10');
      const method = await fetch(`${app.url}/method-not-allowed`);
      expect(method.status).toBe(405);
      expect(method.headers.get('allow')).toBe('GET, HEAD');
    });

    it('leaves a router driven with plain objects to Express: no TypeError from Faultline', async () => {
      const app = await scenario.start({ entry, mode });
      const answer = await request(`${app.url}/plain-objects`);
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ calls: ['inner done'] });
    });

    it('FAULTLINE_ERROR_RESPONSES=framework keeps Express\'s own final handler; FAULTLINE_REQUEST_ID_HEADER=false its headers', async () => {
      const app = await scenario.start({
        entry, mode, env: { FAULTLINE_ERROR_RESPONSES: 'framework', FAULTLINE_REQUEST_ID_HEADER: 'false', NODE_ENV: 'production' },
      });
      const answer = await request(`${app.url}/status/404`);
      expect(answer.status).toBe(404);
      expect(answer.contentType).toContain('text/html');
      expect(answer.text).toContain('Not Found');
      expect(answer.requestId).toBeNull();
      const missing = await request(`${app.url}/no/such/route`);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('Cannot GET /no/such/route');
    });
  });
}
