// Keeps a span recording past its end() until its failure is recorded (capture.ts captureWhenAnswered).
// The stand-in end() is one shared function that finds its state through `this`, not a closure per span:
// a closure over the span stored on the span itself made V8's young-generation collections keep every
// failed request's objects alive until they were promoted, the heap's growth in an error storm
// (docs/performance.md, "Where the storm's memory goes").
import type { Span, TimeInput } from '@opentelemetry/api';

const kHeld = Symbol('faultline.held-end');

interface Held {
  /** The span's end() before the hold: its own property, if it had one, else the prototype's. */
  readonly end: Span['end'];
  wanted: boolean;
  endTime: TimeInput | undefined;
}

type HeldSpan = Span & { [kHeld]?: Held };

function heldEnd(this: HeldSpan | undefined, time?: TimeInput): void {
  // Called detached (`const end = span.end; end()`): nothing to find, and nothing thrown into the caller.
  const held = this?.[kHeld];
  if (held === undefined) return;
  held.wanted = true;
  // The SDK's own clock (sub-millisecond), as an end() without a time would have it.
  held.endTime = time ?? performance.now();
}

function release(span: HeldSpan): void {
  const held = span[kHeld];
  if (held === undefined) return;
  span[kHeld] = undefined;
  // Assigned back, not deleted, when it came from the prototype: a delete turns the span into a V8
  // dictionary object, and every later read of it (the SDK's end(), the processors, the encoder) and every
  // read site shared with other spans then goes the slow way.
  span.end = held.end;
  if (held.wanted) held.end.call(span, held.endTime);
}

/**
 * Keeps `span` recording past its end() (the time asked for is kept, so its duration is unchanged) until
 * the returned release is called.
 */
export function holdEnd(span: Span | undefined): () => void {
  if (span === undefined || !span.isRecording()) return () => undefined;
  const target = span as HeldSpan;
  if (target[kHeld] !== undefined) return () => undefined;
  // A span object that cannot take it (frozen, sealed): it ends when its owner ends it, unheld.
  try {
    target[kHeld] = { end: span.end, wanted: false, endTime: undefined };
  } catch {
    return () => undefined;
  }
  try {
    span.end = heldEnd;
  } catch {
    target[kHeld] = undefined;
    return () => undefined;
  }
  return () => release(target);
}
