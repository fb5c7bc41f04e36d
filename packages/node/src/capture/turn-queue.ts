// Failures the app answered itself (Express error middleware, Koa's re-emitted 'error') are recorded once
// the response is done; recording each one from its own 'finish' event interleaved it with the HTTP and
// framework work of every other request, and the same capture cost about twice what it costs run back to
// back (cold code and caches between failures). They are queued instead and recorded together after the
// turn of the event loop that finished them, their spans held open until then (capture.ts).
// At most MAX_QUEUED wait: under many connections one turn finishes hundreds of responses, and every
// queued failure keeps its request, response and spans alive until it is recorded. At 200 connections an
// uncapped turn kept 5–6 MB alive at each young-generation collection and V8 promoted most of it
// (docs/performance.md); a full queue is recorded at once, still in batches.
// Nothing queued is lost to a flush, a shutdown or an exit: each runs what is queued first.

import { warnOnce } from '../diag';

type Job = () => void;

/** Failures recorded together at most: enough to keep their code warm, few enough to hold little. */
export const MAX_QUEUED = 32;

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
  if (queue.length >= MAX_QUEUED) runQueuedCaptures();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(runScheduled);
  }
}

function runScheduled(): void {
  scheduled = false;
  runQueuedCaptures();
}
