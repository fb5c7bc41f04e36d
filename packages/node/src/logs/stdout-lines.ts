// JSON lines to stdout, written once per turn of the event loop. A write(2) per line was the largest
// single cost of a recorded failure under load (about a tenth of it on a small VM); the lines logged in
// one turn (the requests one poll handled) now go out in one write, after that turn's callbacks. No line
// waits past its turn: a full buffer is written at once, and `process.exit()` or a crash exit writes what
// is left from the 'exit' event. Only a kill that runs no exit handler (SIGKILL) loses the current turn.
import pino from 'pino';
import type { DestinationStream } from 'pino';
import { warnOnce } from '../diag';

/** Characters held at most (UTF-16 units, bytes for ASCII JSON) before writing without waiting for the turn to end. */
const WRITE_AT_CHARACTERS = 64 * 1024;

interface Sink { write(text: string): unknown }

export class TurnBatchedLines implements DestinationStream {
  private pending = '';
  private scheduled = false;

  constructor(private readonly sink: Sink) {}

  write(line: string): void {
    this.pending += line;
    if (this.pending.length >= WRITE_AT_CHARACTERS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushScheduled);
    }
  }

  /** Writes what is pending now; never throws (a broken stdout must not take the app down). */
  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    try {
      this.sink.write(text);
    } catch (error) {
      warnOnce('stdout-lines', 'writing log lines to stdout failed; those lines are lost', error);
    }
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };
}

let stdoutLines: TurnBatchedLines | undefined;

/** Writes out the pending lines now, if the writer exists (an 'exit' listener added during 'exit' is never called). */
export function flushStdoutLines(): void {
  stdoutLines?.flush();
}

/** The process's one stdout line writer: pino's synchronous destination (EAGAIN retries, EPIPE ends it) behind a turn buffer. */
export function stdoutLineDestination(): TurnBatchedLines {
  if (stdoutLines === undefined) {
    const lines = new TurnBatchedLines(pino.destination({ dest: 1, sync: true }));
    process.on('exit', () => lines.flush());
    stdoutLines = lines;
  }
  return stdoutLines;
}
