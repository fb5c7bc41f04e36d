// Failures' spans or log records, redacted and encoded as they arrived (encoded-queue.ts), taken out of
// the urgent lane for a request: the request encoders copy the bytes in place of encoding the items
// (trace-request.ts, logs-request.ts), the same bytes they would have written.
import type { ProtoWriter } from './proto-writer';
import type { Item, ResourceLike, Scope } from './request-envelope';

export class EncodedItem implements Item {
  constructor(
    readonly resource: ResourceLike,
    readonly instrumentationScope: Scope,
    /** The items as their request's field 2 (tag, length and body), back to back, as the encoder writes them. */
    readonly bytes: Uint8Array,
    /** How many spans or records `bytes` holds. */
    readonly count = 1,
  ) {}
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
