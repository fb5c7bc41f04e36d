// One growing buffer per export request, written in a single pass. A length-delimited field reserves the
// bytes its length is expected to need and moves its body only when the length needs a different number
// (the varints stay minimal, so the bytes equal those of the reference encoder). Strings are scanned and
// copied in one pass: short ASCII ones in JS, the rest by V8's native UTF-8 writer.

/** Strings at least this long go straight to the native writer (a JS loop pays per character). */
const NATIVE_STRING_LENGTH = 32;
/** Strings at least this long are measured before they are written rather than given 3 bytes per unit. */
const MEASURED_STRING_LENGTH = 4096;
/** A request copied out of its buffer when more than twice its size plus this is unused. */
const SPARE_BYTES = 64 * 1024;

const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);

type Utf8Write = (this: Buffer, text: string, offset: number, length: number) => number;
const utf8Write: Utf8Write = (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write
  ?? function write(this: Buffer, text: string, offset: number, length: number): number {
    return this.write(text, offset, length, 'utf8');
  };

/** Bytes the minimal varint of a non-negative 32-bit length takes. */
export function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** Hex digit value; anything else as the reference's hexToBinary reads it. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return code - 55;
}
const NIBBLES = Int16Array.from({ length: 128 }, (_, code) => nibble(code));
const nibbleOf = (code: number): number => (code < 128 ? NIBBLES[code]! : nibble(code));

export class ProtoWriter {
  buf: Buffer;
  pos = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 256));
  }

  ensure(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.grow(bytes);
  }

  private grow(bytes: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The encoded request: a view of the buffer (not reused), or a copy when most of the buffer is unused. */
  finish(): Uint8Array {
    return this.buf.length > 2 * this.pos + SPARE_BYTES ? Uint8Array.prototype.slice.call(this.buf, 0, this.pos) : this.buf.subarray(0, this.pos);
  }

  /** A one-byte value: the tags of fields 1–15. */
  byte(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  /** Starts a length-delimited body, `reserve` bytes kept for its length; pass the result to `end`. */
  start(reserve: number): number {
    this.ensure(reserve);
    this.pos += reserve;
    return this.pos;
  }

  end(bodyStart: number, reserve: number): void {
    const length = this.pos - bodyStart;
    const size = varintSize(length);
    if (size !== reserve) {
      this.ensure(size - reserve);
      this.buf.copyWithin(bodyStart + size - reserve, bodyStart, this.pos);
      this.pos += size - reserve;
    }
    let at = bodyStart - reserve;
    let v = length;
    while (v > 127) {
      this.buf[at++] = (v & 127) | 128;
      v >>>= 7;
    }
    this.buf[at] = v;
  }

  /** A varint as the reference writes one: 64-bit two's complement for negatives and large values. */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 127) {
        buf[this.pos++] = (v & 127) | 128;
        v >>>= 7;
      }
      buf[this.pos++] = v;
      return;
    }
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = (value / 4294967296) >>> 0;
    } else {
      const abs = Math.abs(value);
      low = (~(abs >>> 0) >>> 0) + 1 >>> 0;
      high = ~((abs / 4294967296) >>> 0) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 127) {
      buf[this.pos++] = (low & 127) | 128;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[this.pos++] = low & 127;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    const buf = this.buf;
    buf.writeUInt32LE(low >>> 0, this.pos);
    buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    scratch[0] = value;
    this.buf.set(scratchBytes, this.pos);
    this.pos += 8;
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A hex ID written as its bytes, with its length, without a temporary array. */
  hex(id: string): void {
    const length = id.length >>> 1;
    if (length > 127) this.varint(length);
    this.ensure(length + 1);
    const buf = this.buf;
    if (length <= 127) buf[this.pos++] = length;
    for (let i = 0; i < length; i++) {
      buf[this.pos++] = (nibbleOf(id.charCodeAt(2 * i)) << 4) | nibbleOf(id.charCodeAt(2 * i + 1));
    }
  }

  /** A string's UTF-8 bytes with their length (lone surrogates become U+FFFD, as TextEncoder does). */
  string(text: string): void {
    // A number or other value where the SDK let one through (`startSpan(404)`): empty, as the reference writes it.
    if (typeof text !== 'string') {
      this.byte(0);
      return;
    }
    const length = text.length;
    if (length < NATIVE_STRING_LENGTH) {
      this.ensure(length + 1);
      const buf = this.buf;
      const at = this.pos + 1;
      let i = 0;
      while (i < length) {
        const code = text.charCodeAt(i);
        if (code > 127) break;
        buf[at + i] = code;
        i++;
      }
      if (i === length) {
        buf[this.pos] = length;
        this.pos = at + length;
        return;
      }
    }
    // UTF-8 takes at least one byte per UTF-16 unit, so the length's varint takes at least this many.
    const reserve = varintSize(length);
    // Up to 3 bytes per unit; a long string is measured instead, so one huge value does not triple the buffer.
    const most = length < MEASURED_STRING_LENGTH ? length * 3 : Buffer.byteLength(text, 'utf8');
    this.ensure(reserve + most);
    const bodyStart = this.pos + reserve;
    this.pos = bodyStart + utf8Write.call(this.buf, text, bodyStart, most);
    this.end(bodyStart, reserve);
  }
}
