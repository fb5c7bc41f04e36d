// Fastify 4 (--require) and 5 (--import): the route Fastify matched names the server span and is its
// `http.route` (frameworks/fastify-route.ts, the `fastify` instrumentation); a path that matches no route
// keeps the method-only name, and FAULTLINE_DISABLED_INSTRUMENTATIONS=fastify turns the naming off.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario } from '../../support';
import type { PreloadMode } from '../../support';
import { request, serverSpanOf } from '../http/helpers';

const APPS = path.resolve(__dirname, '../../apps');
const scenario = useScenario();

describe.each([
  { fastify: 'fastify4', mode: 'require' as PreloadMode, entry: 'app.cjs' },
  { fastify: 'fastify5', mode: 'import' as PreloadMode, entry: 'app.mjs' },
])('$fastify with --$mode', ({ fastify, mode, entry }) => {
  const start = (env: Record<string, string> = {}) => scenario.start({ entry: path.join(APPS, fastify, entry), mode, env });

  it('names the server span by the matched route, and leaves an unmatched path unnamed', async () => {
    const app = await start();
    const ok = await request(`${app.url}/ok?x=1`);
    const missing = await request(`${app.url}/no/such/route`);
    expect([ok.status, missing.status]).toEqual([200, 404]);
    const okSpan = await serverSpanOf(scenario.receiver, String(ok.requestId));
    expect(okSpan).toMatchObject({ name: 'GET /ok', attributes: { 'http.route': '/ok' } });
    const missingSpan = await serverSpanOf(scenario.receiver, String(missing.requestId));
    expect(missingSpan.name).toBe('GET');
    expect(missingSpan.attributes['http.route']).toBeUndefined();
  });

  it('does not name it with FAULTLINE_DISABLED_INSTRUMENTATIONS=fastify', async () => {
    const app = await start({ FAULTLINE_DISABLED_INSTRUMENTATIONS: 'fastify' });
    const ok = await request(`${app.url}/ok`);
    const span = await serverSpanOf(scenario.receiver, String(ok.requestId));
    expect(span.name).toBe('GET');
    expect(span.attributes['http.route']).toBeUndefined();
  });
});
