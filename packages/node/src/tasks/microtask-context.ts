// A queueMicrotask callback runs in the context of the work that queued it, but on Node 22 (async_hooks
// AsyncLocalStorage) the uncaughtException its throw raises is emitted outside that context, so the crash
// record could not say which job or request it came from (Node 24's AsyncContextFrame keeps it). The
// preload wraps queueMicrotask to remember the queuing context on the thrown error; the process handler
// records the crash in it. Timers and emitters need nothing: their callbacks' throws keep the context.
import { context } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

const kPatched = Symbol.for('faultline.microtask-context');
const failureContexts = new WeakMap<object, Context>();

/** The context a failure was thrown in, when a wrapped callback remembered it. */
export function failureContext(error: unknown): Context | undefined {
  return typeof error === 'object' && error !== null ? failureContexts.get(error) : undefined;
}

export function installMicrotaskContext(): void {
  const host = globalThis as typeof globalThis & { [kPatched]?: true };
  if (host[kPatched] === true || typeof host.queueMicrotask !== 'function') return;
  Object.defineProperty(host, kPatched, { value: true });
  const original = host.queueMicrotask;
  host.queueMicrotask = function queueMicrotask(callback: () => void): void {
    // Not a function: Node's own TypeError, thrown here as before.
    if (typeof callback !== 'function') return original(callback);
    const queuedIn = context.active();
    original(function faultlineMicrotask(): void {
      try {
        callback();
      } catch (error) {
        if (typeof error === 'object' && error !== null) failureContexts.set(error, queuedIn);
        throw error;
      }
    });
  };
}
