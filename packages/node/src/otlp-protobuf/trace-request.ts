// ExportTraceServiceRequest from finished spans, byte for byte what otlp-transformer's
// ProtobufTraceSerializer writes (same grouping, field order and omitted defaults), in one pass.
import type { Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { attributes, hrTime } from './common-fields';
import type { ProtoWriter } from './proto-writer';
import { writeItem } from './encoded-item';
import type { EncodedItem } from './encoded-item';
import { EncodedQueue } from './encoded-queue';
import { SizeHint, encodeRequest } from './request-envelope';
import type { Item } from './request-envelope';

const sizes = new SizeHint();

/** A span's bytes are usually 128 B–16 KB: their length takes two bytes. */
const SPAN_RESERVE = 2;

/** W3C trace flags in the low byte, "has is-remote" (0x100) and "is remote" (0x200) above. */
function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 255) | 0x100 | (isRemote ? 0x200 : 0);
}

function event(writer: ProtoWriter, value: TimedEvent): void {
  writer.byte(0x5a);
  const reserve = value.attributes ? 2 : 1;
  const body = writer.start(reserve);
  writer.byte(0x09);
  hrTime(writer, value.time);
  writer.byte(0x12);
  writer.string(value.name);
  if (value.attributes) attributes(writer, value.attributes, 3);
  writer.byte(0x20);
  writer.varint(value.droppedAttributesCount || 0);
  writer.end(body, reserve);
}

function traceState(writer: ProtoWriter, tag: number, context: SpanContext): void {
  const state = context.traceState?.serialize();
  if (state) {
    writer.byte(tag);
    writer.string(state);
  }
}

function link(writer: ProtoWriter, value: Link): void {
  writer.byte(0x6a);
  const body = writer.start(1);
  const context = value.context;
  writer.byte(0x0a);
  writer.hex(context.traceId);
  writer.byte(0x12);
  writer.hex(context.spanId);
  traceState(writer, 0x1a, context);
  if (value.attributes) attributes(writer, value.attributes, 4);
  writer.byte(0x28);
  writer.varint(value.droppedAttributesCount || 0);
  writer.byte(0x35);
  writer.fixed32(spanFlags(context.traceFlags, context.isRemote));
  writer.end(body, 1);
}

function span(writer: ProtoWriter, value: ReadableSpan): void {
  writer.byte(0x12);
  const body = writer.start(SPAN_RESERVE);
  const context = value.spanContext();
  writer.byte(0x0a);
  writer.hex(context.traceId);
  writer.byte(0x12);
  writer.hex(context.spanId);
  traceState(writer, 0x1a, context);
  const parent = value.parentSpanContext;
  if (parent?.spanId) {
    writer.byte(0x22);
    writer.hex(parent.spanId);
  }
  writer.byte(0x2a);
  writer.string(value.name);
  const kind = value.kind == null ? 0 : value.kind + 1;
  if (kind !== 0) {
    writer.byte(0x30);
    writer.varint(kind);
  }
  writer.byte(0x39);
  hrTime(writer, value.startTime);
  writer.byte(0x41);
  hrTime(writer, value.endTime);
  if (value.attributes) attributes(writer, value.attributes, 9);
  writer.byte(0x50);
  writer.varint(value.droppedAttributesCount);
  for (const item of value.events) event(writer, item);
  writer.byte(0x60);
  writer.varint(value.droppedEventsCount);
  for (const item of value.links) link(writer, item);
  writer.byte(0x70);
  writer.varint(value.droppedLinksCount);
  writer.byte(0x7a);
  const status = writer.start(1);
  if (value.status.message) {
    writer.byte(0x12);
    writer.string(value.status.message);
  }
  writer.byte(0x18);
  writer.varint(value.status.code);
  writer.end(status, 1);
  // Field 16 takes a two-byte tag.
  writer.byte(0x85);
  writer.byte(0x01);
  writer.fixed32(spanFlags(context.traceFlags, parent?.isRemote));
  writer.end(body, SPAN_RESERVE);
}

function spanOrEncoded(writer: ProtoWriter, value: ReadableSpan | EncodedItem): void {
  writeItem(writer, value, span);
}

/** Spans, and spans encoded as they arrived (spanQueue). */
export function encodeTraceRequest(spans: readonly (ReadableSpan | EncodedItem)[]): Uint8Array {
  return encodeRequest(spans as readonly ((ReadableSpan & Item) | EncodedItem)[], sizes, spanOrEncoded);
}

/** A queue of spans encoded as encodeTraceRequest writes them, for requests to come. */
export function spanQueue(prepare: (item: ReadableSpan) => ReadableSpan): EncodedQueue<ReadableSpan> {
  return new EncodedQueue((writer, item) => { span(writer, item as ReadableSpan & Item); }, prepare);
}
