// Process-level failures and shutdown, CommonJS and ESM: crash telemetry arrives before the exit,
// unhandled rejections are recorded while the app serves on, signals and normal exit flush.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';
import type { ExportedSpan, OtlpReceiver } from '../../support';

const APP_DIR = path.join(__dirname, '..', 'startup');
const scenario = useScenario();

function criticalSpan(receiver: OtlpReceiver, name: string): ExportedSpan | undefined {
  return receiver.spans.find((s) => s.name === name && s.attributes['faultline.severity'] === 'critical'
    && s.events.some((e) => e.name === 'exception'));
}

describe.each([
  { mode: 'require' as const, entry: 'app.cjs' },
  { mode: 'import' as const, entry: 'app.mjs' },
])('process-level failures with --$mode', ({ mode, entry }) => {
  // Long batch delays: whatever arrives was flushed by Faultline, not by the batch timer.
  const start = (env: Record<string, string> = {}) => scenario.start({
    entry: path.join(APP_DIR, entry), mode, env: { OTEL_BSP_SCHEDULE_DELAY: '30000', OTEL_BLRP_SCHEDULE_DELAY: '30000', ...env },
  });

  it('records an uncaught exception as critical and exports it before exiting with code 1', async () => {
    const app = await start();
    expect((await fetch(`${app.url}/crash`)).status).toBe(200);
    const exit = await app.exited;
    // Read right at the exit: the telemetry must already be here.
    const span = criticalSpan(scenario.receiver, 'uncaughtException');
    expect(exit.code).toBe(1);
    expect(span?.events.find((e) => e.name === 'exception')?.attributes['exception.message']).toBe('crash in a timer');
    expect(app.stderr()).toContain('crash in a timer');
  });

  it('leaves the exit to an app that handles uncaught exceptions itself, and still records', async () => {
    const app = await start({ APP_UNCAUGHT_HANDLER: '1' });
    await fetch(`${app.url}/crash`);
    await waitFor(() => app.stdout().includes('APP HANDLED crash in a timer'));
    expect((await fetch(`${app.url}/ok`)).status).toBe(200);
    await waitFor(() => criticalSpan(scenario.receiver, 'uncaughtException'));
    expect(app.child.exitCode).toBeNull();
  });

  it('records an unhandled rejection as critical and keeps serving', async () => {
    const app = await start({ OTEL_BSP_SCHEDULE_DELAY: '100' });
    await fetch(`${app.url}/reject`);
    const span = await waitFor(() => criticalSpan(scenario.receiver, 'unhandledRejection'));
    expect(span.events.find((e) => e.name === 'exception')?.attributes['exception.message']).toBe('forgotten promise');
    expect(await (await fetch(`${app.url}/ok`)).text()).toBe('ok');
    expect(app.child.exitCode).toBeNull();
  });

  it('exits on an unhandled rejection when FAULTLINE_EXIT_ON_UNHANDLED_REJECTION=true, after exporting it', async () => {
    const app = await start({ FAULTLINE_EXIT_ON_UNHANDLED_REJECTION: 'true' });
    await fetch(`${app.url}/reject`);
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(criticalSpan(scenario.receiver, 'unhandledRejection')).toBeDefined();
  });

  it('flushes on SIGTERM, then terminates by the signal as it would have', async () => {
    const app = await start();
    await fetch(`${app.url}/ok`);
    const exit = await app.stop('SIGTERM');
    expect(exit.signal).toBe('SIGTERM');
    expect(scenario.receiver.spans.some((s) => s.kind === 2)).toBe(true);
  });

  it('flushes on SIGTERM when the app handles it, and lets the app exit on its own terms', async () => {
    const app = await start({ APP_SIGTERM_HANDLER: '1' });
    await fetch(`${app.url}/ok`);
    const exit = await app.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toContain('APP SIGTERM');
    expect(scenario.receiver.spans.some((s) => s.kind === 2)).toBe(true);
  });
});

it('exports crash telemetry before the exit even when the sampler drops every trace', async () => {
  const app = await scenario.start({
    entry: path.join(APP_DIR, 'app.cjs'),
    mode: 'require',
    env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0', OTEL_BSP_SCHEDULE_DELAY: '30000' },
  });
  await fetch(`${app.url}/crash`);
  const exit = await app.exited;
  expect(exit.code).toBe(1);
  expect(criticalSpan(scenario.receiver, 'uncaughtException')).toBeDefined();
  // The successful request itself was sampled out, as configured.
  expect(scenario.receiver.spans.some((s) => s.kind === 2)).toBe(false);
});

it('flushes on normal exit and keeps the exit code the script set', async () => {
  const app = await scenario.start({
    entry: path.join(__dirname, 'batch-job.cjs'), mode: 'require', waitForListening: false, env: { OTEL_BSP_SCHEDULE_DELAY: '30000' },
  });
  const exit = await app.exited;
  expect(exit.code).toBe(3);
  expect(scenario.receiver.spans.find((s) => s.name === 'nightly-job')?.attributes['job.items']).toBe(3);
});

it('flushes on SIGINT', async () => {
  const app = await scenario.start({ entry: path.join(APP_DIR, 'app.cjs'), mode: 'require', env: { OTEL_BSP_SCHEDULE_DELAY: '30000' } });
  await fetch(`${app.url}/ok`);
  const exit = await app.stop('SIGINT');
  expect(exit.signal).toBe('SIGINT');
  expect(scenario.receiver.spans.some((s) => s.kind === 2)).toBe(true);
});
