// Turns OTLP/JSON export requests into flat objects that tests can assert on directly.

export type Attributes = Record<string, unknown>;

export interface ExportedEvent {
  readonly name: string;
  readonly timeUnixNano: string;
  readonly attributes: Attributes;
}

export interface ExportedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Attributes;
  readonly events: readonly ExportedEvent[];
  /** The spans this one links to (trace and span IDs, hex). */
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message?: string };
  readonly resource: Attributes;
  readonly scope: string;
}

export interface ExportedLog {
  readonly timeUnixNano?: string;
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly body: unknown;
  readonly attributes: Attributes;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly resource: Attributes;
  readonly scope: string;
}

interface KeyValue { key: string; value?: AnyValue }
interface AnyValue {
  stringValue?: string; boolValue?: boolean; intValue?: number | string; doubleValue?: number;
  arrayValue?: { values?: AnyValue[] }; kvlistValue?: { values?: KeyValue[] }; bytesValue?: string;
}

export function decodeValue(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('arrayValue' in value) return (value.arrayValue?.values ?? []).map(decodeValue);
  if ('kvlistValue' in value) return decodeAttributes(value.kvlistValue?.values);
  if ('bytesValue' in value) return value.bytesValue;
  return undefined;
}

export function decodeAttributes(list: KeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) out[kv.key] = decodeValue(kv.value);
  return out;
}

/** OTLP/JSON from OpenTelemetry JS carries hex IDs; other senders may use base64 (the proto3 JSON mapping). */
function decodeId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (/^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the wire format is untyped JSON */
export function decodeTraces(body: any): ExportedSpan[] {
  const spans: ExportedSpan[] = [];
  for (const rs of body?.resourceSpans ?? []) {
    const resource = decodeAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: decodeId(s.traceId) ?? '',
          spanId: decodeId(s.spanId) ?? '',
          parentSpanId: decodeId(s.parentSpanId),
          name: s.name,
          kind: Number(s.kind ?? 0),
          startTimeUnixNano: String(s.startTimeUnixNano),
          endTimeUnixNano: String(s.endTimeUnixNano),
          attributes: decodeAttributes(s.attributes),
          events: (s.events ?? []).map((e: any) => ({
            name: e.name, timeUnixNano: String(e.timeUnixNano), attributes: decodeAttributes(e.attributes),
          })),
          links: (s.links ?? []).map((l: any) => ({ traceId: decodeId(l.traceId) ?? '', spanId: decodeId(l.spanId) ?? '' })),
          status: { code: Number(s.status?.code ?? 0), message: s.status?.message || undefined },
          resource,
          scope: ss.scope?.name ?? '',
        });
      }
    }
  }
  return spans;
}

export function decodeLogs(body: any): ExportedLog[] {
  const logs: ExportedLog[] = [];
  for (const rl of body?.resourceLogs ?? []) {
    const resource = decodeAttributes(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        logs.push({
          timeUnixNano: r.timeUnixNano === undefined ? undefined : String(r.timeUnixNano),
          severityNumber: r.severityNumber === undefined ? undefined : Number(r.severityNumber),
          severityText: r.severityText,
          body: decodeValue(r.body),
          attributes: decodeAttributes(r.attributes),
          traceId: decodeId(r.traceId),
          spanId: decodeId(r.spanId),
          resource,
          scope: sl.scope?.name ?? '',
        });
      }
    }
  }
  return logs;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface ExportedPoint { readonly name: string; readonly value: number; readonly attributes: Attributes }

/** The sum data points (counters) of OTLP/JSON metrics request bodies whose name starts with `prefix`. */
export function decodeSums(bodies: readonly string[], prefix = ''): ExportedPoint[] {
  const points: ExportedPoint[] = [];
  for (const body of bodies) {
    const parsed = JSON.parse(body) as { resourceMetrics?: Array<{ scopeMetrics?: Array<{ metrics?: Array<{ name: string; sum?: { dataPoints?: Array<{ asInt?: string | number; asDouble?: number; attributes?: KeyValue[] }> } }> }> }> };
    for (const resource of parsed.resourceMetrics ?? []) for (const scope of resource.scopeMetrics ?? []) for (const metric of scope.metrics ?? []) {
      if (!metric.name.startsWith(prefix)) continue;
      for (const point of metric.sum?.dataPoints ?? []) {
        points.push({ name: metric.name, value: Number(point.asInt ?? point.asDouble ?? 0), attributes: decodeAttributes(point.attributes) });
      }
    }
  }
  return points;
}
