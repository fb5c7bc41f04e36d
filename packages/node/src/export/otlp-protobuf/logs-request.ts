// ExportLogsServiceRequest from log records, byte for byte what otlp-transformer's
// ProtobufLogsSerializer writes (same grouping, field order and omitted defaults), in one pass.
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { SizeHint, anyValue, attributes, groupByResourceAndScope, hrTime, resourceField, schemaUrl, scopeField } from './common-fields';
import type { ResourceLike, Scope } from './common-fields';
import { ProtoWriter } from './proto-writer';

const sizes = new SizeHint();

/** A record with attributes or a stack is usually 128 B–16 KB: its length takes two bytes. */
const RECORD_RESERVE = 2;

function logRecord(writer: ProtoWriter, record: ReadableLogRecord): void {
  writer.byte(0x12);
  const body = writer.start(RECORD_RESERVE);
  writer.byte(0x09);
  hrTime(writer, record.hrTime);
  // 0: SeverityNumber.UNSPECIFIED, omitted.
  if (record.severityNumber !== undefined && record.severityNumber !== 0) {
    writer.byte(0x10);
    writer.varint(record.severityNumber);
  }
  if (record.severityText) {
    writer.byte(0x1a);
    writer.string(record.severityText);
  }
  if (record.body !== undefined) {
    writer.byte(0x2a);
    const value = writer.start(1);
    anyValue(writer, record.body);
    writer.end(value, 1);
  }
  if (record.attributes) attributes(writer, record.attributes, 6);
  writer.byte(0x38);
  writer.varint(record.droppedAttributesCount);
  const context = record.spanContext;
  if (context?.traceFlags) {
    writer.byte(0x45);
    writer.fixed32(context.traceFlags);
  }
  if (context?.traceId) {
    writer.byte(0x4a);
    writer.hex(context.traceId);
  }
  if (context?.spanId) {
    writer.byte(0x52);
    writer.hex(context.spanId);
  }
  writer.byte(0x59);
  hrTime(writer, record.hrTimeObserved);
  if (record.eventName) {
    writer.byte(0x62);
    writer.string(record.eventName);
  }
  writer.end(body, RECORD_RESERVE);
}

function scopeLogs(writer: ProtoWriter, scope: Scope, records: readonly ReadableLogRecord[]): void {
  writer.byte(0x12);
  const reserve = sizes.groupReserve(records.length);
  const body = writer.start(reserve);
  scopeField(writer, scope);
  for (const record of records) logRecord(writer, record);
  schemaUrl(writer, scope.schemaUrl);
  writer.end(body, reserve);
}

export function encodeLogsRequest(records: readonly ReadableLogRecord[]): Uint8Array {
  const writer = new ProtoWriter(sizes.capacity(records.length));
  for (const [resource, byScope] of groupByResourceAndScope(records as readonly (ReadableLogRecord & { resource: ResourceLike })[])) {
    writer.byte(0x0a);
    const reserve = sizes.groupReserve(records.length);
    const body = writer.start(reserve);
    resourceField(writer, resource);
    for (const [scope, group] of byScope) scopeLogs(writer, scope, group);
    schemaUrl(writer, resource.schemaUrl);
    writer.end(body, reserve);
  }
  sizes.learn(writer.pos, records.length);
  return writer.finish();
}
