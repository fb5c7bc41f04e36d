// JSON lines to stdout, written once per turn of the event loop. A write(2) per line was the largest
// single cost of a recorded failure under load (about a tenth of it on a small VM); the lines logged in
// one turn (the requests one poll handled) now go out in one write, after that turn's callbacks. No line
// waits past its turn: a full buffer is written at once, and `process.exit()` or a crash exit writes what
// is left from the 'exit' event. Only a kill that runs no exit handler (SIGKILL) loses the current turn.
// Each line is copied as UTF-8 into the turn's buffer as it comes: the text waits outside the JS heap (as
// a string, alive at the young generation's collections, it was about a quarter of what a failure storm
// kept there: docs/performance.md), and is converted once, on its way to the destination.
import pino from 'pino';
import type { DestinationStream } from 'pino';
import { warnOnce } from '../diag';

/** Bytes held at most before writing without waiting for the turn to end. */
const WRITE_AT_BYTES = 64 * 1024;
/** The smallest buffer a turn starts with; it is sized from the last turn's bytes, and grows within a turn. */
const MIN_BUFFER_BYTES = 4 * 1024;

interface Sink { write(bytes: Uint8Array): unknown }

export class TurnBatchedLines implements DestinationStream {
  /** This turn's lines as UTF-8, and how many bytes of it are used. A written buffer goes to the sink and is not reused. */
  private buffer: Buffer | undefined;
  private used = 0;
  private lastWritten = 0;
  private scheduled = false;

  constructor(private readonly sink: Sink) {}

  write(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const most = line.length * 3;
    if (this.buffer === undefined) {
      this.buffer = Buffer.allocUnsafe(Math.max(most, Math.min(WRITE_AT_BYTES, Math.max(MIN_BUFFER_BYTES, this.lastWritten * 2))));
    } else if (this.used + most > this.buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.used + most, this.buffer.length * 2));
      this.buffer.copy(larger, 0, 0, this.used);
      this.buffer = larger;
    }
    this.used += this.buffer.write(line, this.used);
    if (this.used >= WRITE_AT_BYTES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushScheduled);
    }
  }

  /** Writes what is pending now; never throws (a broken stdout must not take the app down). */
  flush(): void {
    if (this.buffer === undefined || this.used === 0) return;
    const bytes = this.buffer.subarray(0, this.used);
    this.buffer = undefined;
    this.lastWritten = this.used;
    this.used = 0;
    try {
      this.sink.write(bytes);
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

/** pino's synchronous destination on stdout in SonicBoom's buffer mode, which writes bytes as they are. */
function stdoutBytes(): Sink {
  const destination = pino.destination({ dest: 1, sync: true, contentMode: 'buffer' });
  // In buffer mode `write` takes a Buffer; SonicBoom's types only know the string form of utf8 mode.
  return { write: (bytes) => destination.write(bytes as unknown as string) };
}

/** The process's one stdout line writer: pino's synchronous destination (EAGAIN retries, EPIPE ends it) behind a turn buffer. */
export function stdoutLineDestination(): TurnBatchedLines {
  if (stdoutLines === undefined) {
    const lines = new TurnBatchedLines(stdoutBytes());
    process.on('exit', () => lines.flush());
    stdoutLines = lines;
  }
  return stdoutLines;
}
