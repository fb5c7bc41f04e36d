// Failures waiting for the urgent export, each redacted and encoded as it arrives, back to back in one
// buffer outside the JS heap, with their end offsets in a typed array (also outside it). Waiting as an
// object each (an item and its bytes' view, about 150 B on the heap), a storm's failures were alive at
// most young-generation collections while their batch waited: half of what survived each one, and what
// made V8 grow the young generation to its largest (docs/performance.md). Here a waiting item is 4 bytes
// of an offsets array; nothing per failure is on the heap. Taking items out copies their bytes into one
// EncodedItem per resource and scope (encoded-item.ts), which the request encoders copy as they are.
import { EncodedItem } from './encoded-item';
import { ProtoWriter } from './proto-writer';
import type { Item, ResourceLike, Scope } from './request-envelope';

/** What a waiting item is counted as besides its bytes: its offset. */
const PER_ITEM_BYTES = 4;
const INITIAL_BYTES = 64 * 1024;
const INITIAL_ITEMS = 1024;
/**
 * Buffers grown past these for a backlog are let go once the queue is empty. A storm's full batch (512
 * failures of a few KB) stays below them: letting its buffer go after each batch made the next one grow
 * it again, copy by copy.
 */
const KEPT_BYTES = 4 * 1024 * 1024;
const KEPT_ITEMS = 16 * 1024;

/** The items from `from` on share this resource and scope (until the next run). */
interface Run {
  from: number;
  readonly resource: ResourceLike;
  readonly scope: Scope;
}

/**
 * Spans or log records of type T. What `take` hands out are EncodedItems standing in for them: only the
 * redacting exporter (which passes them) and the protobuf encoders (which copy them) look into them.
 */
export class EncodedQueue<T> {
  private writer = new ProtoWriter(INITIAL_BYTES);
  /** `ends[i]`: where item i's bytes end in the writer's buffer; item `head` is the oldest waiting. */
  private ends = new Uint32Array(INITIAL_ITEMS);
  private head = 0;
  private tail = 0;
  private runs: Run[] = [];
  /** Bytes waiting, counted as the export buffer's byte bound counts them. */
  bytes = 0;

  /**
   * `prepare` makes the item fit to leave (the redacted copy); `write` encodes it as its request's field 2
   * (tag, length and body).
   */
  constructor(private readonly write: (writer: ProtoWriter, item: T) => void, private readonly prepare: (item: T) => T) {}

  get length(): number {
    return this.tail - this.head;
  }

  /** Encodes `item` at the end of the queue; throws (and keeps nothing of it) when it cannot. */
  add(original: T): void {
    const item = this.prepare(original);
    const { resource, instrumentationScope: scope } = item as Item;
    const writer = this.writer;
    const start = writer.pos;
    try {
      this.write(writer, item);
    } catch (error) {
      writer.pos = start;
      throw error;
    }
    if (this.tail === this.ends.length) this.ends = grown(this.ends);
    this.ends[this.tail] = writer.pos;
    const last = this.runs[this.runs.length - 1];
    if (last === undefined || last.resource !== resource || last.scope !== scope) this.runs.push({ from: this.tail, resource, scope });
    this.tail++;
    this.bytes += writer.pos - start + PER_ITEM_BYTES;
  }

  /** The oldest `count` items, as one EncodedItem per resource and scope, their bytes copied out. */
  take(count: number): T[] {
    const end = this.head + Math.min(count, this.length);
    const taken: EncodedItem[] = [];
    for (let r = 0; r < this.runs.length && this.runs[r]!.from < end; r++) {
      const run = this.runs[r]!;
      const from = Math.max(run.from, this.head);
      const to = Math.min(this.runs[r + 1]?.from ?? this.tail, end);
      if (from >= to) continue;
      const bytes = Buffer.from(this.writer.buf.subarray(this.startOf(from), this.ends[to - 1]));
      taken.push(new EncodedItem(run.resource, run.scope, bytes, to - from));
    }
    this.drop(count);
    return taken as unknown as T[];
  }

  /** Lets the oldest `count` items go. */
  drop(count: number): void {
    const end = this.head + Math.min(count, this.length);
    if (end === this.head) return;
    this.bytes -= this.ends[end - 1]! - this.startOf(this.head) + (end - this.head) * PER_ITEM_BYTES;
    this.head = end;
    while (this.runs.length > 1 && this.runs[1]!.from <= this.head) this.runs.shift();
    if (this.head === this.tail) this.reset();
    else if (this.startOf(this.head) >= (this.writer.pos - this.startOf(this.head)) / 2) this.compact();
  }

  /** How many of the oldest items free at least `bytes`. */
  oldestCovering(bytes: number): number {
    let freed = 0;
    let i = this.head;
    while (i < this.tail && freed < bytes) {
      freed += this.ends[i]! - this.startOf(i) + PER_ITEM_BYTES;
      i++;
    }
    return i - this.head;
  }

  private startOf(index: number): number {
    return index === 0 ? 0 : this.ends[index - 1]!;
  }

  private reset(): void {
    this.head = 0;
    this.tail = 0;
    this.runs = [];
    this.bytes = 0;
    if (this.writer.buf.length > KEPT_BYTES) this.writer = new ProtoWriter(INITIAL_BYTES);
    else this.writer.pos = 0;
    if (this.ends.length > KEPT_ITEMS) this.ends = new Uint32Array(INITIAL_ITEMS);
  }

  /**
   * Moves the waiting items to the front once what went is at least half of what waits: each byte taken
   * or dropped pays for moving two, and the buffer holds at most about three times what waits (a
   * backlog's buffer shrinks with it).
   */
  private compact(): void {
    const offset = this.startOf(this.head);
    const count = this.length;
    const waiting = this.writer.pos - offset;
    if (this.writer.buf.length > KEPT_BYTES && this.writer.buf.length > 4 * waiting) {
      const smaller = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, 2 * waiting));
      this.writer.buf.copy(smaller, 0, offset, this.writer.pos);
      this.writer.buf = smaller;
    } else {
      this.writer.buf.copyWithin(0, offset, this.writer.pos);
    }
    this.writer.pos = waiting;
    this.ends.copyWithin(0, this.head, this.tail);
    for (let i = 0; i < count; i++) this.ends[i] = this.ends[i]! - offset;
    for (const run of this.runs) run.from = Math.max(0, run.from - this.head);
    this.head = 0;
    this.tail = count;
  }
}

function grown(ends: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(ends.length * 2);
  next.set(ends);
  return next;
}
