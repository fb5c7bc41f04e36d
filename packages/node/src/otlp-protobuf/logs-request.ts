// ExportLogsServiceRequest from log records, byte for byte what otlp-transformer's
// ProtobufLogsSerializer writes (same grouping, field order and omitted defaults), in one pass.
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { anyValue, attributes, hrTime } from './common-fields';
import type { ProtoWriter } from './proto-writer';
import { writeItem } from './encoded-item';
import type { EncodedItem } from './encoded-item';
import { EncodedQueue } from './encoded-queue';
import { SizeHint, encodeRequest } from './request-envelope';
import type { Item } from './request-envelope';

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

function recordOrEncoded(writer: ProtoWriter, value: ReadableLogRecord | EncodedItem): void {
  writeItem(writer, value, logRecord);
}

/** Log records, and records encoded as they arrived (logRecordQueue). */
export function encodeLogsRequest(records: readonly (ReadableLogRecord | EncodedItem)[]): Uint8Array {
  return encodeRequest(records as readonly ((ReadableLogRecord & Item) | EncodedItem)[], sizes, recordOrEncoded);
}

/** A queue of log records encoded as encodeLogsRequest writes them, for requests to come. */
export function logRecordQueue(prepare: (item: ReadableLogRecord) => ReadableLogRecord): EncodedQueue<ReadableLogRecord> {
  return new EncodedQueue((writer, item) => { logRecord(writer, item as ReadableLogRecord & Item); }, prepare);
}
