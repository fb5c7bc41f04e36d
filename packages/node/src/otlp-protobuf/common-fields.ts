// The OTLP common values (KeyValue, AnyValue) and timestamps, in the field order and with the omissions
// of @opentelemetry/otlp-transformer's protobuf serialiser, so the bytes are the same.
import type { Attributes } from '@opentelemetry/api';
import type { ProtoWriter } from './proto-writer';
import { varintSize } from './proto-writer';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;
const hasOwn = Object.prototype.hasOwnProperty;


/** A fixed64 of nanoseconds from [seconds, nanoseconds], computed as the reference does (exact past 2^53). */
export function hrTime(writer: ProtoWriter, time: readonly [number, number]): void {
  const seconds = time[0];
  const nanos = time[1];
  const lowSeconds = seconds & 65535;
  const highSeconds = (seconds / 65536) >>> 0;
  const fromLow = lowSeconds * 1e9;
  const fromHigh = highSeconds * 1e9;
  const lowWithCarry = (fromLow >>> 0) + (((fromHigh & 65535) * 65536) >>> 0) + nanos;
  const high = Math.floor(fromLow / 4294967296) + ((fromHigh / 65536) >>> 0) + Math.floor(lowWithCarry / 4294967296);
  writer.fixed64(lowWithCarry >>> 0, high >>> 0);
}

/** Each own attribute as a KeyValue in field `field` (1–15). */
export function attributes(writer: ProtoWriter, values: Attributes, field: number): void {
  const tag = (field << 3) | 2;
  for (const key in values) {
    if (!hasOwn.call(values, key)) continue;
    keyValue(writer, tag, key, values[key]);
  }
}

/** Bytes a KeyValue's length is likely to need: a long string value (a stack) needs two or three. */
function kvReserve(key: string, value: unknown): number {
  return typeof value === 'string' ? varintSize(key.length + value.length + 6) : 1;
}

function keyValue(writer: ProtoWriter, tag: number, key: string, value: unknown): void {
  writer.byte(tag);
  const reserve = kvReserve(key, value);
  const kv = writer.start(reserve);
  writer.byte(0x0a);
  writer.string(key);
  writer.byte(0x12);
  const valueReserve = reserve > 1 ? varintSize((value as string).length + 4) : 1;
  const any = writer.start(valueReserve);
  anyValue(writer, value);
  writer.end(any, valueReserve);
  writer.end(kv, reserve);
}

/** An AnyValue's fields; null, undefined, functions, symbols and bigints give an empty AnyValue. */
export function anyValue(writer: ProtoWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      writer.byte(0x0a);
      writer.string(value);
      return;
    case 'boolean':
      writer.byte(0x10);
      writer.byte(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        writer.byte(0x18);
        writer.varint(value);
      } else {
        writer.byte(0x21);
        writer.double(value);
      }
      return;
    case 'object':
      if (value === null) return;
      if (value instanceof Uint8Array) {
        writer.byte(0x3a);
        writer.bytes(value);
      } else if (Array.isArray(value)) {
        writer.byte(0x2a);
        const array = writer.start(1);
        for (const item of value) {
          writer.byte(0x0a);
          const itemStart = writer.start(1);
          anyValue(writer, item);
          writer.end(itemStart, 1);
        }
        writer.end(array, 1);
      } else {
        writer.byte(0x32);
        const list = writer.start(1);
        const entries = value as Record<string, unknown>;
        for (const key in entries) {
          if (!hasOwn.call(entries, key)) continue;
          keyValue(writer, 0x0a, key, entries[key]);
        }
        writer.end(list, 1);
      }
      return;
    default:
  }
}
