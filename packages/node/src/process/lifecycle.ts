// Hooks the process lifecycle so telemetry is flushed before the process goes away, within a bound,
// without changing how the process would have ended:
// - SIGTERM/SIGINT with no handler of the app's: shut down, then re-raise the signal (default: terminate).
// - SIGTERM/SIGINT that the app handles itself: flush now; the app decides when to exit (beforeExit
//   then shuts down). An app handler that calls process.exit() at once should `await flushTelemetry()`.
// - Normal exit (the event loop drained): shut down on beforeExit; the exit code is left as it was.
import { sendPendingRetriesNow } from '../export/export-keeps-no-process';
import { flushTelemetry, isShuttingDown, shutdownTelemetry } from './shutdown';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type HandledSignal = (typeof SIGNALS)[number];

let installed: (() => void) | undefined;

/**
 * Keeps the process alive for the bounded shutdown (the exporters' sockets and timers are unref'd, see
 * export-keeps-no-process.ts), and not a moment longer: the process then exits when its own work is done.
 */
function boundedShutdown(timeoutMs: number): Promise<void> {
  const keeper = setTimeout(() => undefined, timeoutMs);
  sendPendingRetriesNow();
  return shutdownTelemetry(timeoutMs).finally(() => clearTimeout(keeper));
}

export function installLifecycleHandlers(timeoutMs: number): () => void {
  if (installed) return installed;

  const onSignal = (signal: HandledSignal) => {
    const appHandlesIt = process.listenerCount(signal) > 1;
    if (appHandlesIt) {
      void flushTelemetry(timeoutMs);
      return;
    }
    const reraise = () => {
      process.removeListener(signal, listeners[signal]);
      process.kill(process.pid, signal);
    };
    // A second signal while shutting down (Ctrl+C twice) ends the process at once.
    if (isShuttingDown()) reraise();
    else void boundedShutdown(timeoutMs).then(reraise);
  };
  const listeners: Record<HandledSignal, () => void> = {
    SIGTERM: () => onSignal('SIGTERM'),
    SIGINT: () => onSignal('SIGINT'),
  };
  const onBeforeExit = () => {
    if (!isShuttingDown()) void boundedShutdown(timeoutMs);
  };

  for (const signal of SIGNALS) process.on(signal, listeners[signal]);
  process.on('beforeExit', onBeforeExit);
  installed = () => {
    for (const signal of SIGNALS) process.removeListener(signal, listeners[signal]);
    process.removeListener('beforeExit', onBeforeExit);
    installed = undefined;
  };
  return installed;
}
