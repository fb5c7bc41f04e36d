// Every log line passes through core's redactor before pino serialises it, at the two cheapest places pino
// offers: `hooks.logMethod` sees the message and its format arguments (one redactString per string), and
// `formatters.log` sees the merged fields once (log-fields.ts: core's verdict per key, cached) and then
// adds the correlation fields. Errors become core's redacted description there, so no raw
// message, stack or cause reaches `err` either. Bindings are redacted once, when a logger or child is made.
import type { Redactor } from '@faultline/core';
import { addCorrelation } from './log-correlation';
import { createFieldScrubber } from './log-fields';
import { isError, serializeError } from './log-serializers';

type Fields = Record<string, unknown>;
const LONG_NUMBER = 1e12;
type LogMethod = (this: unknown, ...args: unknown[]) => void;

export interface LogScrubbing {
  /** pino `hooks.logMethod` */
  logMethod(this: unknown, args: unknown[], method: LogMethod, level: number): void;
  /** pino `formatters.log` */
  log(fields: Fields): Fields;
  /** pino `formatters.bindings` */
  bindings(bindings: Fields): Fields;
  /** pino `serializers.err` (errors left for it are the ones formatters.log did not see) */
  err(value: unknown): unknown;
  /** pino `onChild`: pino bypasses formatters.bindings for children, so their bindings are redacted here. */
  onChild(child: object): void;
}

// pino keeps a logger's bindings as ready-made JSON under this (unregistered) symbol, one per pino copy.
const CHINDINGS = 'pino.chindings';
let chindingsSymbol: symbol | undefined;

function chindingsOf(child: object): symbol | undefined {
  if (chindingsSymbol !== undefined && Object.prototype.hasOwnProperty.call(child, chindingsSymbol)) return chindingsSymbol;
  chindingsSymbol = Object.getOwnPropertySymbols(child).find((symbol) => symbol.description === CHINDINGS);
  return chindingsSymbol;
}

function errorOf(first: object): Error | undefined {
  if (isError(first)) return first;
  const nested = (first as Fields).err;
  return isError(nested) && typeof (first as Fields).msg !== 'string' ? nested : undefined;
}

export function createLogScrubbing(redactor: Redactor): LogScrubbing {
  const fieldScrubber = createFieldScrubber(redactor);
  function scrubArguments(args: unknown[]): void {
    let start = 0;
    const first = args[0];
    if (typeof first === 'object' && first !== null) {
      start = 1;
      // Without a message pino falls back to the error's own, unredacted: hand it the redacted one.
      const error = args[1] === undefined ? errorOf(first) : undefined;
      if (error !== undefined) args[1] = String(error.message);
    }
    for (let i = start; i < args.length; i++) {
      const value = args[i];
      if (typeof value === 'string') args[i] = redactor.redactString(value);
      else if (typeof value === 'bigint' || (typeof value === 'number' && Math.abs(value) >= LONG_NUMBER)) {
        args[i] = redactor.redact(value); // a card number logged as a number is still one
      } else if (typeof value === 'object' && value !== null) {
        args[i] = isError(value) ? serializeError(value, redactor) : redactor.redact(value);
      }
    }
  }

  return {
    logMethod(args, method) {
      scrubArguments(args);
      method.apply(this, args);
    },
    log(fields) {
      const scrubbed = fieldScrubber.scrub(fields);
      addCorrelation(scrubbed);
      return scrubbed;
    },
    bindings(bindings) {
      return fieldScrubber.scrub(bindings);
    },
    err(value) {
      return isError(value) ? serializeError(value, redactor) : value;
    },
    onChild(child) {
      const symbol = chindingsOf(child);
      const json = symbol === undefined ? undefined : (child as Record<symbol, unknown>)[symbol];
      if (symbol === undefined || typeof json !== 'string' || json === '') return;
      let scrubbed: string;
      try {
        const bindings = JSON.parse(`{${json.slice(1)}}`) as Fields;
        scrubbed = `,${JSON.stringify(redactor.redact(bindings)).slice(1, -1)}`;
      } catch {
        scrubbed = redactor.redactString(json); // never throw into the host; the text scan still applies
      }
      (child as Record<symbol, unknown>)[symbol] = scrubbed;
    },
  };
}

/** Wraps an app's own serializers so what they return is redacted too (they run after formatters.log). */
export function redactSerializers(
  serializers: Readonly<Record<string, (value: unknown) => unknown>> | undefined,
  redactor: Redactor,
): Record<string, (value: unknown) => unknown> {
  const wrapped: Record<string, (value: unknown) => unknown> = {};
  for (const [key, serialize] of Object.entries(serializers ?? {})) {
    wrapped[key] = (value) => redactor.redact(serialize(value));
  }
  return wrapped;
}
