// A failure's span or log record, redacted and encoded as it arrives, for the export buffer's urgent lane.
// Waiting there as the SDK's objects (the span, its attributes and events, the stack text), each failure
// was alive at the young generation's collections while its batch waited, and under many connections V8
// promoted them to the old space (docs/performance.md). Its bytes live outside the JS heap; what waits
// on the heap is this small object. The request encoders copy the bytes in place of
// encoding the item (trace-request.ts, logs-request.ts): the same bytes they would have written.
import { ProtoWriter } from './proto-writer';
import type { Item, ResourceLike, Scope } from './request-envelope';

export class EncodedItem implements Item {
  constructor(
    readonly resource: ResourceLike,
    readonly instrumentationScope: Scope,
    /** The item as its request's field 2 (tag, length and body), as the encoder writes it. */
    readonly bytes: Uint8Array,
  ) {}
}

/** One writer for every item: reused, so an item costs one copy of its bytes and no buffer of its own. */
let scratch = new ProtoWriter(16 * 1024);
/** A writer grown past this for one large item is not kept. */
const SCRATCH_KEPT_BYTES = 256 * 1024;

/** `value` as `write` encodes it within a request, its bytes copied out (small ones into Node's shared pool). */
export function encodeItem<T extends Item>(value: T, write: (writer: ProtoWriter, value: T) => void): EncodedItem {
  scratch.pos = 0;
  try {
    write(scratch, value);
    return new EncodedItem(value.resource, value.instrumentationScope, Buffer.from(scratch.buf.subarray(0, scratch.pos)));
  } finally {
    if (scratch.buf.length > SCRATCH_KEPT_BYTES) scratch = new ProtoWriter(16 * 1024);
  }
}

/** Writes an encoded item's bytes, or encodes the item with `write`. */
export function writeItem<T>(writer: ProtoWriter, value: T | EncodedItem, write: (writer: ProtoWriter, value: T) => void): void {
  if (!(value instanceof EncodedItem)) {
    write(writer, value);
    return;
  }
  const bytes = value.bytes;
  writer.ensure(bytes.length);
  writer.buf.set(bytes, writer.pos);
  writer.pos += bytes.length;
}
