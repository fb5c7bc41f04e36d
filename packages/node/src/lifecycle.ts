// Hooks the process lifecycle so telemetry is flushed before the process goes away, within a bound,
// without changing how the process would have ended:
// - SIGTERM/SIGINT with no handler of the app's: shut down, then re-raise the signal (default: terminate).
// - SIGTERM/SIGINT that the app handles itself: flush now; the app decides when to exit (beforeExit
//   then shuts down). An app handler that calls process.exit() at once should `await flushTelemetry()`.
// - Normal exit (the event loop drained): shut down on beforeExit; the exit code is left as it was.
import { flushTelemetry, isShuttingDown, shutdownTelemetry } from './shutdown';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type HandledSignal = (typeof SIGNALS)[number];

let installed: (() => void) | undefined;

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
    else void shutdownTelemetry(timeoutMs).then(reraise);
  };
  const listeners: Record<HandledSignal, () => void> = {
    SIGTERM: () => onSignal('SIGTERM'),
    SIGINT: () => onSignal('SIGINT'),
  };
  const onBeforeExit = () => {
    if (!isShuttingDown()) void shutdownTelemetry(timeoutMs);
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
