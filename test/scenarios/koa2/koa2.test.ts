// Koa 2 under the preload, ESM (the full suite) and CommonJS (an async throw).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import { FAKE_SECRET, frameworkCases } from '../http/framework-cases';
import { faultlineExceptions, request, serverSpanOf } from '../http/helpers';

const APP_DIR = path.resolve(__dirname, '../../apps/koa2');
const scenario = useScenario();

describe('Koa 2 with --import', () => {
  frameworkCases({
    scenario,
    start: (env) => scenario.start({ entry: path.join(APP_DIR, 'app.mjs'), mode: 'import', env }),
    routes: { ownErrorHandler: '/own/boom', secretInMessage: true },
  });

  it("keeps Koa's default error logger quiet: the raw stack with its secret never reaches stderr", async () => {
    const app = await scenario.start({ entry: path.join(APP_DIR, 'app.mjs'), mode: 'import' });
    const answer = await request(`${app.url}/async-throw`);
    expect(answer.status).toBe(500);
    // The failure is still recorded (redacted), on the request's server span.
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    // Koa's default logger writes synchronously while answering; give the pipe a moment to deliver it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.stderr()).not.toContain(FAKE_SECRET);
    expect(app.stderr()).not.toContain('async handler failed');
  });
});

describe('Koa 2 with --require', () => {
  it('answers an async throw with problem+json', async () => {
    const app = await scenario.start({ entry: path.join(APP_DIR, 'app.cjs'), mode: 'require' });
    const answer = await request(`${app.url}/async-throw`);
    expect(answer.status).toBe(500);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ requestId: answer.requestId });
  });
});
