import { afterEach, describe, expect, it } from 'vitest';
import { flushTelemetry, registerFlush, setSdkLifecycle, shutdownTelemetry } from './shutdown';

afterEach(() => setSdkLifecycle(undefined));

describe('flushTelemetry', () => {
  it('flushes every registered buffer before the SDK', async () => {
    const order: string[] = [];
    const off = registerFlush('logger', async () => { order.push('logger'); });
    setSdkLifecycle({ flush: async () => { order.push('sdk'); }, shutdown: async () => {} });
    await flushTelemetry(1000);
    off();
    expect(order).toEqual(['logger', 'sdk']);
  });

  it('returns within the bound when a flush hangs or throws', async () => {
    const offHang = registerFlush('hangs', () => new Promise<void>(() => {}));
    const offThrow = registerFlush('throws', () => { throw new Error('broken'); });
    const started = Date.now();
    await flushTelemetry(200);
    offHang();
    offThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('passes each flush the time that is left', async () => {
    let given = -1;
    const off = registerFlush('x', async (timeoutMs) => { given = timeoutMs; });
    await flushTelemetry(500);
    off();
    expect(given).toBeGreaterThan(0);
    expect(given).toBeLessThanOrEqual(500);
  });
});

describe('shutdownTelemetry', () => {
  it('shuts the SDK down once, however often it is asked', async () => {
    let shutdowns = 0;
    setSdkLifecycle({ flush: async () => {}, shutdown: async () => { shutdowns += 1; } });
    await Promise.all([shutdownTelemetry(500), shutdownTelemetry(500)]);
    await shutdownTelemetry(500);
    expect(shutdowns).toBe(1);
  });
});
