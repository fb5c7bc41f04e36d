// The stdout line of a recorded failure, composed here rather than by a pino logger: the JSON line a
// pino logger named `faultline` writes (level, time, pid, hostname, name, then the fields, then msg), as
// one JSON.stringify of the fields. They come from an ErrorSummary, redacted already, so nothing is
// scanned again; pino's serialisation of them key by key, and its mixin and formatter calls, were about
// 4 of the line's 10 µs of profiled time (docs/performance.md, "The failure's stdout line is composed
// without pino").
import { hostname } from 'node:os';
import { loadConfig } from '../config';
import { warnOnce } from '../diag';
import { getRuntime } from '../runtime';
import { createLogScrubbing } from './log-redaction';
import { defaultRedactor } from './log-options';
import { stdoutLineDestination } from './stdout-lines';

export { flushStdoutLines } from './stdout-lines';

/** pino's level numbers. */
const LEVEL_NUMBER = { info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type FailureLevel = keyof typeof LEVEL_NUMBER;

interface LineSink { write(line: string): void }

export class FailureLines {
  /** `,"pid":…,"hostname":…,"name":"faultline"`, as pino writes a logger's bindings after `time`. */
  private readonly bindings: string;

  constructor(private readonly sink: LineSink, bindings: Record<string, unknown>) {
    this.bindings = `,${JSON.stringify({ ...bindings, name: 'faultline' }).slice(1, -1)}`;
  }

  /** Writes one line: `fields` (plain JSON values, none to scrub; it gains `msg`), then `msg`. */
  write(level: FailureLevel, fields: Record<string, unknown>, message: string): void {
    fields.msg = message;
    const json = JSON.stringify(fields);
    this.sink.write(`{"level":${LEVEL_NUMBER[level]},"time":${Date.now()}${this.bindings},${json.slice(1)}\n`);
  }
}

let lines: FailureLines | null | undefined;

/** The process's failure lines on stdout, or undefined when FAULTLINE_LOG_STDOUT=false. */
export function stdoutFailureLines(): FailureLines | undefined {
  if (lines !== undefined) return lines ?? undefined;
  if (!(getRuntime()?.config ?? loadConfig()).logStdout) {
    lines = null;
    return undefined;
  }
  let bindings: Record<string, unknown> = { pid: process.pid };
  try {
    // pino's default `base`, scrubbed as Faultline's loggers scrub their bindings.
    bindings = createLogScrubbing(defaultRedactor()).bindings({ pid: process.pid, hostname: hostname() });
  } catch (error) {
    warnOnce('failure-lines', 'reading the host name for failure lines failed; they carry the pid only', error);
  }
  lines = new FailureLines(stdoutLineDestination(), bindings);
  return lines;
}
