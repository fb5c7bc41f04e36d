// NestJS 11 (CommonJS, --require) on its Express and Fastify platforms, and NestJS 12 (ESM, --import): Nest's exception filters
// answer every failure themselves; Faultline records each once, with the status the client got, and
// leaves the answer as Nest made it. The app hands Nest's logging to Faultline's logger.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import { FAKE_SECRET } from '../http/framework-cases';
import { exceptionEvents, faultlineExceptions, failureLogs, request, serverSpanOf } from '../http/helpers';

const scenario = useScenario();
const apps = path.resolve(__dirname, '../../apps');
// Nest 11 ships CommonJS; Nest 12 is ESM-only (--import).
const CASES = [
  { nest: 11, platform: 'express', mode: 'require', entry: 'nest11/app.cjs' },
  { nest: 11, platform: 'fastify', mode: 'require', entry: 'nest11/app.cjs' },
  { nest: 12, platform: 'express', mode: 'import', entry: 'nest12/app.mjs' },
] as const;

describe.each(CASES)('NestJS $nest on $platform with --$mode', ({ platform, mode, entry }) => {
  const start = () => scenario.start({ entry: path.join(apps, entry), mode, env: { PLATFORM: platform } });

  it('records a handler\'s throw once on the failed server span; Nest\'s own 500 answer is unchanged', async () => {
    const app = await start();
    const answer = await request(`${app.url}/boom`);
    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).toBe(2);
    expect(span.name).toBe('GET /boom');
    expect(span.attributes).toMatchObject({ 'error.type': 'Error', 'faultline.severity': 'high', 'faultline.request_id': answer.requestId });
    expect(span.attributes['faultline.fingerprint']).toMatch(/^[0-9a-f]{16}$/);
    await waitFor(() => failureLogs(scenario.receiver, String(answer.requestId)) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    expect(failureLogs(scenario.receiver, String(answer.requestId))).toBe(1);
    expect(answer.text).not.toContain(FAKE_SECRET);
    expect(scenario.receiver.rawText()).not.toContain(FAKE_SECRET);
    expect(app.stdout() + app.stderr()).not.toContain(FAKE_SECRET);
    expect(app.stdout()).not.toContain('UNHANDLED_REJECTION');
  });

  it('records an expected 4xx HttpException with low severity, and leaves its body to Nest', async () => {
    const app = await start();
    const answer = await request(`${app.url}/orders/42`);
    expect(answer.status).toBe(404);
    expect(answer.json()).toMatchObject({ statusCode: 404, message: 'order 42 not found' });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.attributes).toMatchObject({ 'error.type': 'NotFoundException', 'faultline.severity': 'low' });
  });

  it('lets the app\'s exception filter answer, and records the failure once with the status it chose', async () => {
    const app = await start();
    const answer = await request(`${app.url}/filtered`);
    expect(answer.status).toBe(503);
    expect(answer.json()).toEqual({ handledBy: 'app' });
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).toBe(2);
    await waitFor(() => faultlineExceptions(scenario.receiver, span.traceId) > 0);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(1);
    const [recorded] = exceptionEvents(scenario.receiver, span.traceId);
    expect(recorded?.event.attributes['faultline.error.status']).toBe(503);
  });

  it('answers an unmatched route with Nest\'s 404 and records no failure', async () => {
    const app = await start();
    const answer = await request(`${app.url}/no/such/route`);
    expect(answer.status).toBe(404);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    expect(span.status.code).not.toBe(2);
    expect(faultlineExceptions(scenario.receiver, span.traceId)).toBe(0);
  });

  it('Nest\'s own error line goes through Faultline\'s logger: scrubbed and correlated with the request', async () => {
    const app = await start();
    const answer = await request(`${app.url}/boom`);
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    const line = await waitFor(() => app.stdout().split('\n').find((l) => l.includes('"name":"nest"') && l.includes('"level":50')));
    expect(JSON.parse(line)).toMatchObject({ trace_id: span.traceId, err: { message: 'charge failed api_key=[REDACTED:stripe_key]' } });
  });
});
