// Koa 2 under the preload, ESM (the full suite) and CommonJS (an async throw).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario } from '../../support';
import { frameworkCases } from '../http/framework-cases';
import { request } from '../http/helpers';

const APP_DIR = path.resolve(__dirname, '../../apps/koa2');
const scenario = useScenario();

describe('Koa 2 with --import', () => {
  frameworkCases({
    scenario,
    start: (env) => scenario.start({ entry: path.join(APP_DIR, 'app.mjs'), mode: 'import', env }),
    routes: { ownErrorHandler: '/own/boom', secretInMessage: true },
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
