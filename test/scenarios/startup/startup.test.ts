// Start-up under both entries: spans are exported, a broken setting never stops the app, and
// OTEL_SDK_DISABLED turns everything off.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { delay, useScenario, waitFor } from '../../support';

const scenario = useScenario();
const SERVER = 2;

describe.each([
  { mode: 'require' as const, entry: 'app.cjs' },
  { mode: 'import' as const, entry: 'app.mjs' },
])('node --$mode @faultline/node/instrument', ({ mode, entry }) => {
  const start = (env: Record<string, string> = {}) => scenario.start({ entry: path.join(__dirname, entry), mode, env });

  it('serves and exports the server span with the service name', async () => {
    const app = await start();
    const response = await fetch(`${app.url}/ok`);
    expect(await response.text()).toBe('ok');
    const span = await waitFor(() => scenario.receiver.spans.find((s) => s.kind === SERVER));
    expect(span.resource['service.name']).toBe('faultline-scenario');
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  // Node 26 deprecates module.register() (DEP0205): the ESM entry must use module.registerHooks() there.
  it(`prints no deprecation or other process warning on stderr under Node ${process.versions.node}`, async () => {
    const app = await start();
    expect(await (await fetch(`${app.url}/ok`)).text()).toBe('ok');
    await app.stop('SIGTERM');
    expect(app.stderr()).not.toMatch(/Warning|DEP0\d+/);
  });

  it('still starts and serves with broken settings, and warns once per setting', async () => {
    const app = await start({ FAULTLINE_SHUTDOWN_TIMEOUT_MS: 'banana', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_LOG_LEVEL: 'warn' });
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${app.url}/ok`)).status).toBe(200);
    await waitFor(() => scenario.receiver.spans.filter((s) => s.kind === SERVER).length >= 3);
    const warnings = app.stderr().split('\n').filter((line) => line.includes('FAULTLINE_SHUTDOWN_TIMEOUT_MS="banana" ignored'));
    expect(warnings).toHaveLength(1);
    expect(app.stderr()).toContain('OTEL_TRACES_SAMPLER="sometimes" ignored');
    expect(app.stderr()).not.toContain('not instrumented');
  });

  it('still starts when start-up itself fails, saying "not instrumented" once on stderr', async () => {
    const app = await start({ NODE_OPTIONS: `--require ${path.join(__dirname, 'break-otel.cjs')}` });
    expect(await (await fetch(`${app.url}/ok`)).text()).toBe('ok');
    const lines = app.stderr().split('\n').filter((line) => line.startsWith('faultline: not instrumented:'));
    expect(lines).toEqual(['faultline: not instrumented: tracer provider registration refused by the host']);
  });

  it('still answers with X-Request-ID when traces are not exported (OTEL_TRACES_EXPORTER=none)', async () => {
    const app = await start({ OTEL_TRACES_EXPORTER: 'none' });
    const response = await fetch(`${app.url}/ok`);
    expect(await response.text()).toBe('ok');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9A-Z]{3}(-[0-9A-Z*~$=]{4}){6}$/);
    await delay(1000);
    expect(scenario.receiver.spans).toHaveLength(0);
  });

  it('serves with nothing exported when OTEL_SDK_DISABLED=true', async () => {
    const app = await start({ OTEL_SDK_DISABLED: 'true' });
    const response = await fetch(`${app.url}/ok`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBeNull();
    await delay(1000);
    expect(scenario.receiver.requests).toHaveLength(0);
  });
});

it('instruments ESM-imported frameworks under --import (the loader hook is registered)', async () => {
  const app = await scenario.start({ entry: path.join(__dirname, 'express-app.mjs'), mode: 'import', env: { FAULTLINE_EXPRESS_LAYER_SPANS: 'handlers' } });
  const routeSpans = async (url: string, route: string) => {
    await fetch(url);
    const handler = await waitFor(() => scenario.receiver.spans.find((s) => s.attributes['express.type'] === 'request_handler' && s.attributes['http.route'] === route));
    const server = await waitFor(() => scenario.receiver.spans.find((s) => s.kind === SERVER && s.traceId === handler.traceId));
    expect(server.attributes['http.route']).toBe(route);
    return handler;
  };
  // A top-level route's handler span comes from Faultline's own Express patch, a routed one's from the
  // Express instrumentation: both hooks reached an ESM import.
  expect((await routeSpans(`${app.url}/hello/ada`, '/hello/:name')).scope).toBe('@faultline/node');
  expect((await routeSpans(`${app.url}/api/items/7`, '/api/items/:id')).scope).toContain('instrumentation-express');
});

it('honours the standard OTEL_* variables: headers, protocol and per-signal protocol', async () => {
  const app = await scenario.start({
    entry: path.join(__dirname, 'app.cjs'),
    mode: 'require',
    env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json' },
  });
  await fetch(`${app.url}/ok`);
  await fetch(`${app.url}/log?v=x`);
  // Traces in protobuf (the receiver refuses it visibly), logs in JSON, both with the configured header.
  const traces = await waitFor(() => scenario.receiver.rejected.find((r) => r.path === '/v1/traces'));
  expect(traces.contentType).toBe('application/x-protobuf');
  const logs = await waitFor(() => scenario.receiver.requests.find((r) => r.path === '/v1/logs'));
  expect(traces.headers['x-tenant']).toBe('acme');
  expect(logs.headers['x-tenant']).toBe('acme');
});

describe('Express layer spans', () => {
  const layerTypes = async (env: Record<string, string>) => {
    const app = await scenario.start({ entry: path.join(__dirname, 'express-app.mjs'), mode: 'import', env });
    await fetch(`${app.url}/hello/ada`);
    const server = await waitFor(() => scenario.receiver.spans.find((s) => s.kind === SERVER));
    await delay(300);
    return new Set(scenario.receiver.spans.filter((s) => s.traceId === server.traceId).map((s) => String(s.attributes['express.type'])));
  };

  it('starts no layer span by default: the server span carries the route', async () => {
    const types = await layerTypes({});
    expect([...types]).toEqual(['undefined']);
    const server = scenario.receiver.spans.find((s) => s.kind === SERVER);
    expect(server?.name).toBe('GET /hello/:name');
    expect(server?.attributes['http.route']).toBe('/hello/:name');
  });

  it('keeps the route handler and drops per-middleware spans with FAULTLINE_EXPRESS_LAYER_SPANS=handlers', async () => {
    const types = await layerTypes({ FAULTLINE_EXPRESS_LAYER_SPANS: 'handlers' });
    expect(types.has('request_handler')).toBe(true);
    expect(types.has('middleware')).toBe(false);
  });

  it('keeps every layer with FAULTLINE_EXPRESS_LAYER_SPANS=all', async () => {
    const types = await layerTypes({ FAULTLINE_EXPRESS_LAYER_SPANS: 'all' });
    expect(types.has('middleware')).toBe(true);
    expect(types.has('request_handler')).toBe(true);
  });
});
