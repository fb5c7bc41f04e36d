// What an item waiting in the export buffer holds in memory, roughly: its text (names, attribute values,
// event attributes: a failure's stack is most of it) and a fixed share for the object itself. Cheap on
// purpose (one pass over the attributes, no serialising): it bounds the buffer in a storm, where a count
// alone lets 8 KB stacks add up to hundreds of megabytes.
import type { Attributes } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** The object, its context, times and a few small fields. */
const FIXED_BYTES = 512;
/** Per attribute: the key and the entry. */
const PER_ATTRIBUTE = 48;

function attributesSize(attributes: Attributes | undefined): number {
  if (attributes === undefined) return 0;
  let size = 0;
  for (const key in attributes) {
    const value = attributes[key];
    size += PER_ATTRIBUTE + key.length;
    if (typeof value === 'string') size += value.length;
    else if (Array.isArray(value)) for (const member of value) size += typeof member === 'string' ? member.length : 8;
  }
  return size;
}

export function spanSize(span: ReadableSpan): number {
  let size = FIXED_BYTES + span.name.length + (span.status.message?.length ?? 0) + attributesSize(span.attributes);
  for (const event of span.events) size += PER_ATTRIBUTE + event.name.length + attributesSize(event.attributes);
  for (const link of span.links) size += PER_ATTRIBUTE + attributesSize(link.attributes);
  return size;
}

export function logRecordSize(record: ReadableLogRecord): number {
  const body = record.body;
  return FIXED_BYTES + (typeof body === 'string' ? body.length : body === undefined ? 0 : 256) + attributesSize(record.attributes);
}
