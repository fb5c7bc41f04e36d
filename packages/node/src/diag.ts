// Faultline's own problems go to OpenTelemetry's diag logger (silent unless OTEL_LOG_LEVEL asks),
// each distinct problem once, so a failure that repeats on every request cannot flood the host's logs.
import { diag } from '@opentelemetry/api';

const reported = new Set<string>();
const MAX_REMEMBERED = 1000;

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : 'unknown error';
}

/** Warns through diag the first time `key` is seen; later calls with the same key are ignored. */
export function warnOnce(key: string, message: string, error?: unknown): void {
  if (reported.has(key)) return;
  if (reported.size < MAX_REMEMBERED) reported.add(key);
  diag.warn(error === undefined ? `faultline: ${message}` : `faultline: ${message}: ${describe(error)}`);
}

/** Runs `fn`; a throw is reported once under `key` and `fallback` is returned instead. */
export function guarded<T>(key: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    warnOnce(key, `${key} failed`, error);
    return fallback;
  }
}
