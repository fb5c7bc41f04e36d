// The export buffer's lanes (fresh-first-exporter.ts): what waits, oldest first, counted in items and in
// estimated bytes. The urgent lane may pack its items as they arrive (over OTLP/protobuf: redacted and
// encoded, back to back outside the JS heap, otlp-protobuf/encoded-queue.ts); an item that cannot be
// packed waits as it is, and the export pass redacts it or drops it.

/** What a lane hands to the exporter: the items, or their packed stand-ins, for `count` items in all. */
export interface Taken<T> {
  readonly items: T[];
  readonly count: number;
}

/** Urgent items packed as they arrive; `add` throws for an item it cannot pack, and keeps nothing of it. */
export interface Packing<T> {
  readonly length: number;
  readonly bytes: number;
  add(item: T): void;
  /** Stand-ins for the oldest `count` items (each may stand for several). */
  take(count: number): T[];
  drop(count: number): void;
  oldestCovering(bytes: number): number;
}

export interface WaitingLane<T> {
  readonly length: number;
  readonly bytes: number;
  push(item: T): void;
  take(count: number): Taken<T>;
  /** Lets the oldest `count` items go; returns how many went. */
  drop(count: number): number;
  /** How many of the oldest items free at least `bytes`. */
  oldestCovering(bytes: number): number;
}

/** What `take` returns for nothing taken, without allocating. */
const NOTHING: Taken<never> = { items: [], count: 0 };

/** Items as they came, each with its estimated size beside it. */
export class ItemLane<T> implements WaitingLane<T> {
  private readonly items: T[] = [];
  private readonly sizes: number[] = [];
  bytes = 0;

  constructor(private readonly sizeOf: (item: T) => number) {}

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    const size = this.sizeOf(item);
    this.items.push(item);
    this.sizes.push(size);
    this.bytes += size;
  }

  take(count: number): Taken<T> {
    if (count <= 0 || this.items.length === 0) return NOTHING;
    for (const size of this.sizes.splice(0, count)) this.bytes -= size;
    const items = this.items.splice(0, count);
    return { items, count: items.length };
  }

  drop(count: number): number {
    if (count <= 0 || this.items.length === 0) return 0;
    for (const size of this.sizes.splice(0, count)) this.bytes -= size;
    return this.items.splice(0, count).length;
  }

  oldestCovering(bytes: number): number {
    let freed = 0;
    let count = 0;
    while (count < this.sizes.length && freed < bytes) freed += this.sizes[count++] ?? 0;
    return count;
  }
}

/** Packed items, and beside them the few that could not be packed (those go first: they are rare). */
export class PackedLane<T> implements WaitingLane<T> {
  private readonly unpacked: ItemLane<T>;

  constructor(private readonly packing: Packing<T>, sizeOf: (item: T) => number) {
    this.unpacked = new ItemLane(sizeOf);
  }

  get length(): number {
    return this.unpacked.length + this.packing.length;
  }

  get bytes(): number {
    return this.unpacked.bytes + this.packing.bytes;
  }

  push(item: T): void {
    try {
      this.packing.add(item);
    } catch {
      this.unpacked.push(item);
    }
  }

  take(count: number): Taken<T> {
    const first = this.unpacked.take(count);
    const rest = Math.min(count - first.count, this.packing.length);
    if (rest <= 0) return first;
    const packed = this.packing.take(rest);
    return { items: first.count === 0 ? packed : [...first.items, ...packed], count: first.count + rest };
  }

  drop(count: number): number {
    const first = this.unpacked.drop(count);
    const rest = Math.min(count - first, this.packing.length);
    if (rest > 0) this.packing.drop(rest);
    return first + Math.max(rest, 0);
  }

  oldestCovering(bytes: number): number {
    const first = this.unpacked.oldestCovering(bytes);
    const left = bytes - this.unpacked.bytes;
    return first < this.unpacked.length || left <= 0 ? first : first + this.packing.oldestCovering(left);
  }
}
