// BullMQ queues and workers. BullMQ publishes a telemetry seam (its `telemetry` option) and carries the
// trace context inside the job itself (`opts.telemetry.metadata`, written by the producer's span and
// read by the worker's). Under the preload every Queue and Worker the app built without a `telemetry`
// option of its own gets Faultline's adapter (bullmq-telemetry.ts), so:
// - `queue.add` is a PRODUCER span in the caller's trace (an HTTP request's, say), and the context goes
//   into the job;
// - each attempt of the job is a CONSUMER span in that same trace: the job's run ID is the request ID
//   of the request that enqueued it, and the support lookup resolves it;
// - a failed attempt (the worker's `failed` event, emitted inside that span) is recorded through the
//   one capture path with the queue, job name and attempt number; an attempt that will be retried is
//   low severity, the attempt that exhausts the job's attempts (or an UnrecoverableError) is high.
import { context, trace } from '@opentelemetry/api';
import { captureFailure, reportInternalFailure } from '../capture/capture';
import { runIdOf } from '../tasks/run-task';
import { bullmqTelemetry } from './bullmq-telemetry';

interface Job {
  readonly id?: string;
  readonly name?: string;
  readonly attemptsMade?: number;
  readonly finishedOn?: number;
  readonly queueName?: string;
  readonly opts?: { readonly attempts?: number };
}
interface BullmqClass { prototype: Record<string | symbol, unknown> }
interface BullmqModule { QueueBase?: BullmqClass; Worker?: BullmqClass }

const kPatched = Symbol.for('faultline.bullmq-patched');

/** Records a failed attempt on the consumer span that is active while the worker emits `failed`. */
function recordAttempt(job: Job | undefined, error: unknown, queue: string | undefined): void {
  const span = trace.getSpan(context.active());
  const attempt = job?.attemptsMade ?? 1;
  const final = job?.finishedOn !== undefined || attempt >= (job?.opts?.attempts ?? 1) || (error as Error | undefined)?.name === 'UnrecoverableError';
  span?.setAttributes({
    'messaging.system': 'bullmq',
    'messaging.operation.type': 'process',
    ...(queue === undefined ? {} : { 'messaging.destination.name': queue }),
    ...(job?.id === undefined ? {} : { 'messaging.message.id': String(job.id) }),
    ...(job?.name === undefined ? {} : { 'faultline.job.name': job.name }),
    'faultline.job.attempt': attempt,
    'faultline.job.final_attempt': final,
  });
  captureFailure(error, undefined, 'bullmq', span, undefined, { requestId: span === undefined ? undefined : runIdOf(span), severity: final ? 'high' : 'low' });
}

function wrap(proto: Record<string | symbol, unknown>, method: string, wrapper: (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown): void {
  const original = proto[method];
  if (typeof original === 'function') proto[method] = wrapper(original as (...args: unknown[]) => unknown);
}

export function patchBullmq(bullmq: BullmqModule): void {
  const base = bullmq.QueueBase?.prototype;
  const worker = bullmq.Worker?.prototype;
  if (base === undefined || base[kPatched] === true) return;
  Object.defineProperty(base, kPatched, { value: true });
  wrap(base, 'trace', (original) => function faultlineBullmqTrace(this: { opts?: { telemetry?: unknown } }, ...args: unknown[]) {
    // Given once, on first use, to a queue or worker that the app gave no telemetry of its own.
    if (this.opts !== undefined && this.opts.telemetry === undefined) this.opts.telemetry = bullmqTelemetry;
    return original.apply(this, args);
  });
  if (worker === undefined) return;
  wrap(worker, 'emit', (original) => function faultlineBullmqEmit(this: { name?: string }, event: unknown, ...args: unknown[]) {
    if (event === 'failed') {
      try {
        recordAttempt(args[0] as Job | undefined, args[1], this.name);
      } catch (internal) {
        reportInternalFailure('recording a failed BullMQ job', internal);
      }
    }
    return original.call(this, event, ...args);
  });
}
