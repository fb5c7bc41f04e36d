// What ExportTraceServiceRequest and ExportLogsServiceRequest share: items grouped by resource, then by
// scope, in first-seen order, each group with its resource or scope and schema URL, as otlp-transformer's
// protobuf serialiser writes them. A resource or scope is encoded once and its bytes reused while the
// object lives (keyed by identity in a WeakMap, so the cache holds nothing the SDK has let go). That relies
// on resources and scopes not changing once built, as the SDK's never do (a resource's attributes still
// being detected are encoded again until they settle; the export pass hands over its own redacted copy).
import type { Attributes } from '@opentelemetry/api';
import { attributes } from './common-fields';
import { ProtoWriter, varintSize } from './proto-writer';

/** A scope as spans and log records carry it. */
export interface Scope { readonly name: string; readonly version?: string; readonly schemaUrl?: string; readonly attributes?: Attributes; readonly droppedAttributesCount?: number }
/** A resource as spans and log records carry it. */
export interface ResourceLike { readonly attributes: Attributes; readonly schemaUrl?: string; readonly asyncAttributesPending?: boolean }
/** A span or log record, as far as the envelope reads it; `count` for a stand-in for several (encoded-item.ts). */
export interface Item { readonly resource: ResourceLike; readonly instrumentationScope: Scope; readonly count?: number }

const resources = new WeakMap<object, Buffer>();
const scopes = new WeakMap<object, Buffer>();

/** `key`'s bytes from `cache`, or encoded by `encode` (and kept when `keep`), copied into `writer`. */
function cached(writer: ProtoWriter, cache: WeakMap<object, Buffer>, key: object, encode: (w: ProtoWriter) => void, keep: boolean): void {
  let bytes = cache.get(key);
  if (bytes === undefined) {
    const own = new ProtoWriter(512);
    encode(own);
    bytes = Buffer.from(own.finish());
    if (keep) cache.set(key, bytes);
  }
  writer.ensure(bytes.length);
  writer.buf.set(bytes, writer.pos);
  writer.pos += bytes.length;
}

/** Field 1 of ResourceSpans/ResourceLogs: the resource's attributes and a zero dropped count. */
function resourceField(w: ProtoWriter, resource: ResourceLike): void {
  w.byte(0x0a);
  const body = w.start(2);
  if (resource.attributes) attributes(w, resource.attributes, 1);
  w.byte(0x10);
  w.byte(0);
  w.end(body, 2);
}

/** Field 1 of ScopeSpans/ScopeLogs: name, version, attributes, dropped attributes count. */
function scopeField(w: ProtoWriter, scope: Scope): void {
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
}

/** The schema URL after a group's items (field 3), when there is one. */
function schemaUrl(writer: ProtoWriter, url: string | undefined): void {
  if (url) {
    writer.byte(0x1a);
    writer.string(url);
  }
}

function groupByResourceAndScope<T extends Item>(items: readonly T[]): Map<ResourceLike, Map<Scope, T[]>> {
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

/** Bounds on the guess: a failure with its stack is a few KB; a bigger item only makes the buffer grow. */
const MAX_PER_ITEM = 16 * 1024;
const MAX_INITIAL_BYTES = 4 * 1024 * 1024;

/**
 * Bytes per span or log record in the last request, to size the next request's buffer (growing it copies
 * everything written so far) and to reserve the length of the groups around the items.
 */
export class SizeHint {
  private perItem = 512;

  /** Capped: one huge item must not size the next batch's buffer by itself (the buffer grows if needed). */
  capacity(count: number): number {
    return Math.min(Math.ceil(count * this.perItem * 1.25) + 1024, MAX_INITIAL_BYTES);
  }

  /** Bytes the length of a group of `count` items likely takes. */
  groupReserve(count: number): number {
    return varintSize(count * this.perItem);
  }

  learn(bytes: number, count: number): void {
    if (count > 0) this.perItem = Math.min(Math.max(64, Math.ceil(bytes / count)), MAX_PER_ITEM);
  }
}

/** The request: field 1 per resource, field 2 per scope in it, `item` writing each item as field 2. */
export function encodeRequest<T extends Item>(items: readonly T[], sizes: SizeHint, item: (writer: ProtoWriter, value: T) => void): Uint8Array {
  let count = 0;
  for (const value of items) count += value.count ?? 1;
  const writer = new ProtoWriter(sizes.capacity(count));
  for (const [resource, byScope] of groupByResourceAndScope(items)) {
    writer.byte(0x0a);
    const reserve = sizes.groupReserve(count);
    const body = writer.start(reserve);
    // Attributes still being detected may change: encoded again until they settle.
    cached(writer, resources, resource, (w) => resourceField(w, resource), resource.asyncAttributesPending !== true);
    for (const [scope, group] of byScope) {
      writer.byte(0x12);
      let groupCount = 0;
      for (const value of group) groupCount += value.count ?? 1;
      const groupReserve = sizes.groupReserve(groupCount);
      const groupBody = writer.start(groupReserve);
      cached(writer, scopes, scope, (w) => scopeField(w, scope), true);
      for (const value of group) item(writer, value);
      schemaUrl(writer, scope.schemaUrl);
      writer.end(groupBody, groupReserve);
    }
    schemaUrl(writer, resource.schemaUrl);
    writer.end(body, reserve);
  }
  sizes.learn(writer.pos, count);
  return writer.finish();
}
