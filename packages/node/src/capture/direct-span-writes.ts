// Faultline's own attributes and exception events, written on a span of the SDK copy Faultline depends on
// (direct-span-start.ts) as its setAttribute and addEvent would write them, without their checks of each
// value: the SDK allocates a WeakSet to validate every setAttribute's value and copies every event's
// attributes, for values Faultline built itself (strings, numbers, booleans, none undefined). Only an open
// span of that class, whose methods nobody replaced, under limits that would keep everything as it is,
// and only such values; anything else goes through the span's own methods.
import type { Attributes, AttributeValue, HrTime, Span, TimeInput } from '@opentelemetry/api';
import type { SpanWrites } from '@faultline/core';
import { pinnedSpanClass } from '../http/direct-span-start';

/** The fields of sdk-trace 3's SpanImpl this writes (private there: checked before use). */
interface SdkSpan {
  readonly attributes: Attributes;
  _attributesCount: number;
  readonly _ended: boolean;
  readonly events: Array<{ name: string; time: HrTime; attributes: Attributes; droppedAttributesCount: number }>;
  readonly _spanLimits: {
    readonly attributeCountLimit?: number;
    readonly attributeValueLengthLimit?: number;
    readonly eventCountLimit?: number;
    readonly attributePerEventCountLimit?: number;
  };
  _getTime(time: TimeInput | undefined): HrTime;
}

const spanClass = pinnedSpanClass();
const methods = spanClass?.prototype as Partial<Span> | undefined;
const sdkSetAttribute = methods?.setAttribute;
const sdkAddEvent = methods?.addEvent;

/** `span` as the SDK's own, open, with no value length limit; undefined for any other span. */
function sdkSpan(span: Span): SdkSpan | undefined {
  if (spanClass === undefined || span.constructor !== spanClass || span.setAttribute !== sdkSetAttribute || span.addEvent !== sdkAddEvent) return undefined;
  const sdk = span as unknown as SdkSpan;
  return sdk._ended === false && typeof sdk._getTime === 'function' && sdk._spanLimits?.attributeValueLengthLimit === Infinity ? sdk : undefined;
}

function isPlain(value: AttributeValue | undefined): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** span.setAttribute(key, value) for a value Faultline built (written directly when that changes nothing). */
export function setOwnAttribute(span: Span, key: string, value: AttributeValue): void {
  const sdk = isPlain(value) && key.length > 0 ? sdkSpan(span) : undefined;
  if (sdk === undefined) {
    span.setAttribute(key, value);
    return;
  }
  const attributes = sdk.attributes as Record<string, AttributeValue>;
  if (Object.hasOwn(attributes, key)) {
    attributes[key] = value;
  } else if (sdk._attributesCount < (sdk._spanLimits.attributeCountLimit ?? Infinity)) {
    attributes[key] = value;
    sdk._attributesCount++;
  } else {
    span.setAttribute(key, value); // at the limit: the SDK drops it and counts the drop
  }
}

function setOwnAttributes(span: Span, attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value !== undefined) setOwnAttribute(span, key, value);
  }
}

/** span.addEvent(name, attributes, time) for attributes Faultline built (pushed as the SDK pushes them). */
function addOwnEvent(span: Span, name: string, attributes: Attributes, time?: TimeInput): void {
  const sdk = sdkSpan(span);
  const limits = sdk?._spanLimits;
  let count = 0;
  let plain = sdk !== undefined;
  for (const key in attributes) {
    count++;
    if (plain && (key.length === 0 || !isPlain(attributes[key]))) plain = false;
  }
  if (sdk === undefined || limits === undefined || !plain || count > (limits.attributePerEventCountLimit ?? Infinity)
    || (limits.eventCountLimit !== undefined && sdk.events.length >= limits.eventCountLimit)) {
    span.addEvent(name, attributes, time);
    return;
  }
  sdk.events.push({ name, time: sdk._getTime(time), attributes, droppedAttributesCount: 0 });
}

/** What capture hands core's recordErrorWith. */
export const DIRECT_SPAN_WRITES: SpanWrites = { setAttributes: setOwnAttributes, addEvent: addOwnEvent };
