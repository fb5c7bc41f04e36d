// The SDK never throws into its host: its own failures go to OpenTelemetry's diag logger (silent unless
// a diag logger is set), and a failure that repeats is reported once.
import { diag } from '@opentelemetry/api';

const reported = new Set<string>();

export function reportOnce(what: string, error?: unknown): void {
  if (reported.has(what)) return;
  reported.add(what);
  diag.warn(`faultline: ${what}`, error);
}
