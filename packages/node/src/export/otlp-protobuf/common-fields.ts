// The OTLP common messages (KeyValue, AnyValue, Resource, InstrumentationScope) and timestamps, in the
// field order and with the omissions of @opentelemetry/otlp-transformer's protobuf serialiser, so the
// bytes are the same. A resource or scope is encoded once and its bytes reused while the object lives
// (keyed by identity in a WeakMap, so the cache holds nothing the SDK has let go).
import type { Attributes } from '@opentelemetry/api';
import { ProtoWriter, varintSize } from './proto-writer';

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;
const hasOwn = Object.prototype.hasOwnProperty;

/** A scope as spans and log records carry it. */
export interface Scope { readonly name: string; readonly version?: string; readonly schemaUrl?: string; readonly attributes?: Attributes; readonly droppedAttributesCount?: number }
/** A resource as spans and log records carry it. */
export interface ResourceLike { readonly attributes: Attributes; readonly schemaUrl?: string; readonly asyncAttributesPending?: boolean }

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

function encodeOnce(encode: (writer: ProtoWriter) => void): Buffer {
  const writer = new ProtoWriter(512);
  encode(writer);
  return Buffer.from(writer.finish());
}

const resources = new WeakMap<object, Buffer>();
const scopes = new WeakMap<object, Buffer>();

function copy(writer: ProtoWriter, bytes: Buffer): void {
  writer.ensure(bytes.length);
  writer.buf.set(bytes, writer.pos);
  writer.pos += bytes.length;
}

/** Field 1 of ResourceSpans/ResourceLogs: the resource's attributes and a zero dropped count. */
export function resourceField(writer: ProtoWriter, resource: ResourceLike): void {
  let bytes = resources.get(resource);
  if (bytes === undefined) {
    bytes = encodeOnce((w) => {
      w.byte(0x0a);
      const body = w.start(2);
      if (resource.attributes) attributes(w, resource.attributes, 1);
      w.byte(0x10);
      w.byte(0);
      w.end(body, 2);
    });
    // Attributes still being detected may change: encode again until they settle.
    if (resource.asyncAttributesPending !== true) resources.set(resource, bytes);
  }
  copy(writer, bytes);
}

/** Field 1 of ScopeSpans/ScopeLogs: name, version, attributes, dropped attributes count. */
export function scopeField(writer: ProtoWriter, scope: Scope): void {
  let bytes = scopes.get(scope);
  if (bytes === undefined) {
    bytes = encodeOnce((w) => {
      w.byte(0x0a);
      const body = w.start(1);
      w.byte(0x0a);
      w.string(scope.name);
      if (scope.version) {
        w.byte(0x12);
        w.string(scope.version);
      }
      if (scope.attributes) attributes(w, scope.attributes, 3);
      if (scope.droppedAttributesCount) {
        w.byte(0x20);
        w.varint(scope.droppedAttributesCount);
      }
      w.end(body, 1);
    });
    scopes.set(scope, bytes);
  }
  copy(writer, bytes);
}

/** Items grouped by resource, then by scope, in first-seen order (the reference's grouping). */
export function groupByResourceAndScope<T extends { resource: ResourceLike; instrumentationScope: Scope }>(items: readonly T[]): Map<ResourceLike, Map<Scope, T[]>> {
  const byResource = new Map<ResourceLike, Map<Scope, T[]>>();
  for (const item of items) {
    let byScope = byResource.get(item.resource);
    if (byScope === undefined) {
      byScope = new Map();
      byResource.set(item.resource, byScope);
    }
    const group = byScope.get(item.instrumentationScope);
    if (group === undefined) byScope.set(item.instrumentationScope, [item]);
    else group.push(item);
  }
  return byResource;
}

/**
 * Bytes per span or log record in the last request, to size the next request's buffer (growing it copies
 * everything written so far) and to reserve the length of the groups around the items.
 */
export class SizeHint {
  private perItem = 512;

  capacity(count: number): number {
    return Math.ceil(count * this.perItem * 1.25) + 1024;
  }

  /** Bytes the length of a group of `count` items likely takes. */
  groupReserve(count: number): number {
    return varintSize(count * this.perItem);
  }

  learn(bytes: number, count: number): void {
    if (count > 0) this.perItem = Math.max(64, Math.ceil(bytes / count));
  }
}

/** The schema URL after a group's items (field 3), when there is one. */
export function schemaUrl(writer: ProtoWriter, url: string | undefined): void {
  if (url) {
    writer.byte(0x1a);
    writer.string(url);
  }
}
