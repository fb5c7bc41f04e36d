// Flushing and shutdown, always within a bound. Everything that buffers telemetry registers a flush here
// (the OpenTelemetry providers, the logger); SIGTERM, SIGINT, normal exit and crashes flush all of them.
import { runQueuedCaptures } from '../capture/turn-queue';
import { warnOnce } from '../diag';

export type Flush = (timeoutMs: number) => Promise<void>;

const flushes = new Map<string, Flush>();
/** Flushes the SDK itself; runs after the registered flushes, which may still feed it. */
let sdkFlush: Flush | undefined;
let sdkShutdown: Flush | undefined;
/** Says what was lost, once the shutdown finished or its bound ran out (a Collector still down). */
let sdkReport: (() => void) | undefined;
let shuttingDown: Promise<void> | undefined;

/** Registers something that buffers telemetry; returns a function that unregisters it. */
export function registerFlush(name: string, flush: Flush): () => void {
  flushes.set(name, flush);
  return () => {
    if (flushes.get(name) === flush) flushes.delete(name);
  };
}

/** Set by the preload: how to flush and how to shut down the OpenTelemetry SDK. */
export function setSdkLifecycle(lifecycle: { flush: Flush; shutdown: Flush; report?: () => void } | undefined): void {
  sdkFlush = lifecycle?.flush;
  sdkShutdown = lifecycle?.shutdown;
  sdkReport = lifecycle?.report;
  shuttingDown = undefined;
}

/** Resolves true when `work` settled within `ms`, false when the bound ran out first. Never rejects. */
export function within(ms: number, work: () => Promise<void>, label: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      warnOnce(`timeout:${label}`, `${label} did not finish within ${ms} ms`);
      resolve(false);
    }, ms);
    timer.unref();
    const settle = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    try {
      work().then(() => settle(true), (error: unknown) => {
        warnOnce(`failed:${label}`, `${label} failed`, error);
        settle(false);
      });
    } catch (error) {
      warnOnce(`failed:${label}`, `${label} failed`, error);
      settle(false);
    }
  });
}

async function flushRegistered(deadline: number): Promise<void> {
  // Failures waiting for the end of this turn are recorded first: they feed the buffers flushed below.
  runQueuedCaptures();
  await Promise.all([...flushes].map(([name, flush]) => {
    const left = Math.max(0, deadline - Date.now());
    return within(left, () => flush(left), `flush ${name}`);
  }));
}

/** Flushes every registered buffer, then the SDK, all within `timeoutMs`. Never rejects. */
export async function flushTelemetry(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await flushRegistered(deadline);
  const left = Math.max(0, deadline - Date.now());
  if (sdkFlush) await within(left, () => (sdkFlush as Flush)(left), 'flush telemetry');
}

/** Flushes and shuts the SDK down once, within `timeoutMs`; later calls share the first one. */
export function shutdownTelemetry(timeoutMs: number): Promise<void> {
  shuttingDown ??= (async () => {
    const deadline = Date.now() + timeoutMs;
    await flushRegistered(deadline);
    const left = Math.max(0, deadline - Date.now());
    if (sdkShutdown) await within(left, () => (sdkShutdown as Flush)(left), 'shut down telemetry');
    reportLosses();
  })();
  return shuttingDown;
}

/** One diag line with the telemetry lost so far (dropped, failed, still unsent); nothing when none was. */
export function reportLosses(): void {
  try {
    sdkReport?.();
  } catch (error) {
    warnOnce('report', 'reporting lost telemetry failed', error);
  }
}

export function isShuttingDown(): boolean {
  return shuttingDown !== undefined;
}
