import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('abandons a flush that hangs once the bound elapses, and reports it and one that throws', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    const offHang = registerFlush('hangs', () => new Promise<void>(() => {}));
    const offThrow = registerFlush('throws', () => { throw new Error('broken'); });
    try {
      let settled = false;
      const flushed = flushTelemetry(200).then(() => { settled = true; });
      await vi.advanceTimersByTimeAsync(199);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await flushed;
      expect(settled).toBe(true);
      const messages = warn.mock.calls.map(([message]) => String(message));
      expect(messages).toContain('faultline: flush hangs did not finish within 200 ms');
      expect(messages).toContain('faultline: flush throws failed: Error: broken');
    } finally {
      offHang();
      offThrow();
      warn.mockRestore();
      vi.useRealTimers();
    }
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
