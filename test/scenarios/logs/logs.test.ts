// The Faultline logger out of process, CommonJS and ESM, with pino loaded after and before the SDK started:
// what reaches the Collector as OTLP log records (body, severity, trace/span IDs of the request's server
// span, request ID, planted fake secrets scrubbed, each record exactly once) and flushes at SIGTERM, at an
// uncaught exception and at a normal exit.
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRequestId } from '@faultline/core';
import { delay, useScenario, waitFor } from '../../support';
import type { ExportedLog, OtlpReceiver, PreloadMode } from '../../support';
import { exceptionEvents, request, serverSpanOf } from '../http/helpers';

const FAKE_TOKEN = 'sk_live_FAKE0000000000000000000000';
const FAKE_PASSWORD = 'hunter2-fake-password';
const SCOPE = '@faultline/node';
// Long batch delays: a record that arrives was flushed by Faultline, not by the batch timer.
const NO_TIMER = { OTEL_BLRP_SCHEDULE_DELAY: '60000', OTEL_BSP_SCHEDULE_DELAY: '60000' };
const scenario = useScenario();

/** Every exported record mentioning `marker`, whoever sent it (a second sender would be a double export). */
function recordsWith(receiver: OtlpReceiver, marker: string): ExportedLog[] {
  return receiver.logs.filter((log) => JSON.stringify(log).includes(marker));
}

let markers = 0;
const nextMarker = () => `m${process.pid}x${++markers}`;

describe.each([
  { variant: 'CJS --require, pino loaded after the SDK', mode: 'require' as PreloadMode, entry: 'app.cjs' },
  { variant: 'ESM --import, pino loaded after the SDK', mode: 'import' as PreloadMode, entry: 'app.mjs' },
  { variant: 'CJS, pino loaded before the SDK', mode: 'none' as PreloadMode, entry: 'late-sdk.cjs' },
  { variant: 'ESM, pino imported before the SDK', mode: 'none' as PreloadMode, entry: 'late-sdk.mjs' },
])('$variant', ({ mode, entry }) => {
  const start = (env: Record<string, string> = {}) =>
    scenario.start({ entry: path.join(__dirname, entry), mode, env: { ...NO_TIMER, ...env } });

  it('exports each line once, correlated with the request span, severity mapped, secrets scrubbed', async () => {
    const app = await start();
    const marker = nextMarker();
    const answer = await request(`${app.url}/log?marker=${marker}`);
    expect(answer.status).toBe(200);
    const requestId = String(answer.requestId);
    await app.stop('SIGTERM');

    const span = await serverSpanOf(scenario.receiver, requestId);
    const records = recordsWith(scenario.receiver, marker);
    expect(records).toHaveLength(2);
    expect(records.map((r) => r.scope)).toEqual([SCOPE, SCOPE]);
    const info = records.find((r) => String(r.body).startsWith('order paid'));
    const warn = records.find((r) => String(r.body).startsWith('second line'));
    expect(info).toMatchObject({ severityNumber: 9, severityText: 'info', traceId: span.traceId, spanId: span.spanId });
    expect(warn).toMatchObject({ severityNumber: 13, severityText: 'warn', traceId: span.traceId, spanId: span.spanId });
    expect(info?.attributes).toMatchObject({ marker, request_id: requestId, name: 'logs-scenario', order: { id: 42 } });
    expect(String(info?.body)).toMatch(/^order paid with \[REDACTED[^\]]*\] m/);
    expect(info?.resource['service.name']).toBe('faultline-scenario');
    // The log worker names the same instance as the spans (it adds no service.instance.id of its own).
    expect(info?.resource['service.instance.id']).toBe(span.resource['service.instance.id']);
    expect(parseRequestId(requestId)).toBe(span.traceId);
    const exported = scenario.receiver.rawText();
    expect(exported).not.toContain(FAKE_TOKEN);
    expect(exported).not.toContain(FAKE_PASSWORD);
  });

  it('logs a recorded request failure once, with severity, fingerprint and request ID', async () => {
    const app = await start();
    const marker = nextMarker();
    const answer = await request(`${app.url}/fail?marker=${marker}`);
    expect(answer.status).toBe(500);
    await app.stop('SIGTERM');
    const span = await serverSpanOf(scenario.receiver, String(answer.requestId));
    const records = recordsWith(scenario.receiver, marker);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      severityNumber: 17,
      traceId: span.traceId,
      attributes: {
        'exception.type': 'Error',
        'faultline.severity': 'high',
        'faultline.fingerprint': span.attributes['faultline.fingerprint'],
        request_id: answer.requestId,
      },
    });
    expect(String(records[0]?.body)).toMatch(/^Error: charge failed api_key=\[REDACTED/);
    // The stack goes out once, on the exported span's exception event; the record points to it.
    expect(records[0]?.attributes).not.toHaveProperty('exception.stacktrace');
    const [exception] = exceptionEvents(scenario.receiver, span.traceId);
    expect(exception?.event.attributes['faultline.fingerprint']).toBe(span.attributes['faultline.fingerprint']);
    expect(String(exception?.event.attributes['exception.stacktrace'])).toMatch(/^Error: charge failed api_key=\[REDACTED[^\n]*\n\s+at .*routes\.cjs/);
    expect(scenario.receiver.rawText()).not.toContain(FAKE_TOKEN);
  });

  it("correlates and scrubs the app's own pino instance (faultlinePinoOptions) on stdout", async () => {
    const app = await start();
    const marker = nextMarker();
    const answer = await request(`${app.url}/own?marker=${marker}`);
    const line = await waitFor(() => app.stdout().split('\n').find((l) => l.includes(marker) && l.includes('"own"')));
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toMatchObject({ trace_id: parseRequestId(String(answer.requestId)), request_id: answer.requestId });
    expect(line).not.toContain(FAKE_TOKEN);
    expect(line).not.toContain(FAKE_PASSWORD);
  });

  it('writes security events with the user name hashed', async () => {
    const app = await start({ FAULTLINE_HASH_KEY: 'fake-scenario-hash-key' });
    const marker = nextMarker();
    await request(`${app.url}/security?marker=${marker}`);
    await app.stop('SIGTERM');
    const [event] = recordsWith(scenario.receiver, marker);
    expect(event?.attributes).toMatchObject({ 'event.name': 'login.failed', reason: 'bad_password' });
    expect(String(event?.attributes.username)).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(scenario.receiver.rawText()).not.toContain('ann.example');
  });
});

describe.each([
  { mode: 'require' as PreloadMode, entry: 'app.cjs' },
  { mode: 'import' as PreloadMode, entry: 'app.mjs' },
])('flush with --$mode', ({ mode, entry }) => {
  it('exports the crash record and the line before it when an uncaught exception ends the process', async () => {
    const app = await scenario.start({ entry: path.join(__dirname, entry), mode, env: NO_TIMER });
    const marker = nextMarker();
    await request(`${app.url}/crash?marker=${marker}`);
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    // Read at the exit: the records must already be here.
    const records = recordsWith(scenario.receiver, marker);
    expect(records.map((r) => r.severityNumber).sort((a, b) => Number(a) - Number(b))).toEqual([9, 21]);
    expect(records.find((r) => r.severityNumber === 21)?.attributes).toMatchObject({
      'exception.type': 'Error',
      'faultline.severity': 'critical',
      'faultline.error.unhandled': true,
      'faultline.source': 'uncaughtException',
    });
    expect(scenario.receiver.rawText()).not.toContain(FAKE_TOKEN);
    // The crash's stdout line is out by the exit too (the turn's buffer is written at 'exit'), stack included.
    expect(crashLine(app.stdout(), marker)).toMatchObject({ level: 60, 'faultline.severity': 'critical', 'exception.stacktrace': expect.stringMatching(/\n\s+at /) });
    expect(app.stdout()).not.toContain(FAKE_TOKEN);
  });
});

/** The failure line the crash wrote on stdout (Faultline's `uncaughtException` record), parsed. */
function crashLine(stdout: string, marker: string): Record<string, unknown> | undefined {
  const line = stdout.split('\n').find((l) => l.includes(marker) && l.includes('"faultline.source":"uncaughtException"'));
  return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
}

describe('a Collector that accepts connections and never answers', () => {
  it('does not hold the crash exit beyond its bounds (crash flush, then at most 1 s for the log worker)', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => { sockets.add(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const app = await scenario.start({
        entry: path.join(__dirname, 'app.cjs'), mode: 'require', endpoint, env: { ...NO_TIMER, FAULTLINE_CRASH_FLUSH_TIMEOUT_MS: '500' },
      });
      const marker = nextMarker();
      await request(`${app.url}/crash?marker=${marker}`);
      // Unbounded, pino's exit-time end() would block for thread-stream's 10 s while the exporter waits.
      const outcome = await Promise.race([app.exited, delay(8000).then(() => 'still running' as const)]);
      expect(outcome).toEqual({ code: 1, signal: null });
      // Whatever the Collector does, the crash's line is on stdout.
      expect(crashLine(app.stdout(), marker)).toMatchObject({ 'faultline.error.unhandled': true });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('flush at a normal exit', () => {
  it('exports what was logged when the event loop drains', async () => {
    const marker = nextMarker();
    const app = await scenario.start({
      entry: path.join(__dirname, 'normal-exit.cjs'), mode: 'require', waitForListening: false, env: { ...NO_TIMER, MARKER: marker },
    });
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    expect(recordsWith(scenario.receiver, marker)).toEqual([expect.objectContaining({ body: `normal exit ${marker}`, severityNumber: 9 })]);
  });
});

describe("an app's own pino with its own pino-opentelemetry-transport", () => {
  it('has each record exported once, not a second time by instrumentation-pino', async () => {
    const marker = nextMarker();
    const app = await scenario.start({
      entry: path.join(__dirname, 'own-transport.cjs'), mode: 'require', waitForListening: false, env: { MARKER: marker },
    });
    expect((await app.exited).code).toBe(0);
    await waitFor(() => recordsWith(scenario.receiver, marker)[0]);
    await delay(300); // a duplicate would come from the SDK's batch (100 ms in scenarios)
    expect(recordsWith(scenario.receiver, marker)).toHaveLength(1);
  });
});
