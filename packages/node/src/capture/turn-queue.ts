// Failures the app answered itself (Express error middleware, Koa's re-emitted 'error') are recorded once
// the response is done; recording each one from its own 'finish' event interleaved it with the HTTP and
// framework work of every other request, and the same capture cost about twice what it costs run back to
// back (cold code and caches between failures). They are queued instead and recorded together after the
// turn of the event loop that finished them, their spans held open until then (capture.ts).
// Nothing queued is lost to a flush, a shutdown or an exit: each runs what is queued first.

import { warnOnce } from '../diag';

type Job = () => void;

let queue: Job[] = [];
let scheduled = false;
let exitHooked = false;
let writeOutLines: () => void = () => undefined;

/** Sets what writes out the stdout lines still buffered, after the captures run at exit (capture.ts). */
export function setExitLineWriter(write: () => void): void {
  writeOutLines = write;
}

/** Runs every queued capture now; one that throws does not stop the others. */
export function runQueuedCaptures(): void {
  scheduled = false;
  while (queue.length > 0) {
    const jobs = queue;
    queue = [];
    for (const job of jobs) {
      try {
        job();
      } catch (error) {
        warnOnce('queued-capture', 'recording a queued failure failed', error);
      }
    }
  }
}

function runAtExit(): void {
  runQueuedCaptures();
  // The first line ever can come from here: the stdout writer's own 'exit' listener is then too late.
  writeOutLines();
}

/** Queues `job` for the end of this turn of the event loop. */
export function queueCapture(job: Job): void {
  queue.push(job);
  if (!exitHooked) {
    exitHooked = true;
    // process.exit() before the turn ends: recorded, and their stdout lines written (export is the exit
    // handlers' business, as for any failure).
    process.prependListener('exit', runAtExit);
  }
  if (!scheduled) {
    scheduled = true;
    setImmediate(runQueuedCaptures);
  }
}
