// The pino options that make a logger Faultline's: scrubbing and correlation (hooks, formatters,
// serializers, onChild; an app's own `mixin` stays free). createLogger uses them; an app that builds its
// own pino instance spreads them in:
//   pino({ ...faultlinePinoOptions(), level: 'debug' }, destination)
import { createRedactor } from '@faultline/core';
import type { Redactor } from '@faultline/core';
import { createLogScrubbing, redactSerializers } from './log-redaction';
import { getRuntime } from '../runtime';

type Fields = Record<string, unknown>;

export interface FaultlinePinoOptionsInput {
  /** Redactor to scrub with; default: the preload's (same rules as spans), else core's default. */
  readonly redactor?: Redactor;
  /** The app's own serializers; their output is redacted as well. */
  readonly serializers?: Readonly<Record<string, (value: unknown) => unknown>>;
}

/** Structurally what pino accepts for these keys (typed loosely so any pino 7–10 instance takes them). */
export interface FaultlinePinoOptions {
  hooks: { logMethod: (this: unknown, args: unknown[], method: (...args: unknown[]) => void, level: number) => void };
  formatters: { log: (fields: Fields) => Fields; bindings: (bindings: Fields) => Fields };
  serializers: Record<string, (value: unknown) => unknown>;
  onChild: (child: object) => void;
}

let fallbackRedactor: Redactor | undefined;

/** The preload's redactor when it runs, else one default redactor shared by every logger. */
export function defaultRedactor(): Redactor {
  const runtime = getRuntime();
  if (runtime !== undefined) return runtime.redactor;
  fallbackRedactor ??= createRedactor();
  return fallbackRedactor;
}

/**
 * Options that give any pino logger trace correlation (`trace_id`, `span_id`, `trace_flags`, `request_id`)
 * and scrub every line (message, fields, `err`, child bindings) with Faultline's redactor.
 */
export function faultlinePinoOptions(input: FaultlinePinoOptionsInput = {}): FaultlinePinoOptions {
  const redactor = input.redactor ?? defaultRedactor();
  const scrubbing = createLogScrubbing(redactor);
  return {
    hooks: { logMethod: scrubbing.logMethod },
    formatters: { log: scrubbing.log, bindings: scrubbing.bindings },
    serializers: { ...redactSerializers(input.serializers, redactor), err: scrubbing.err },
    onChild: scrubbing.onChild,
  };
}
