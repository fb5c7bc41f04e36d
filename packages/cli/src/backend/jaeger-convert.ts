// Jaeger's JSON (microseconds, typed key/value lists, processes by ID) into the store-neutral SpanData.
import type { JaegerKeyValue, JaegerProcess, JaegerTrace } from './jaeger-schema';
import type { SpanData, TraceData } from './types';

function toRecord(list: readonly JaegerKeyValue[] | null | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) record[key] = value;
  return record;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function processFacts(process: JaegerProcess | undefined): Pick<SpanData, 'service' | 'serviceVersion' | 'environment' | 'entry'> {
  const tags = toRecord(process?.tags);
  const environment = text(tags['deployment.environment.name']) ?? text(tags['deployment.environment']);
  return {
    service: process?.serviceName ?? 'unknown service',
    ...(environment === undefined ? {} : { environment }),
    ...(text(tags['service.version']) === undefined ? {} : { serviceVersion: text(tags['service.version']) }),
    ...(text(tags['process.command']) === undefined ? {} : { entry: text(tags['process.command']) }),
  };
}

export function fromJaeger(trace: JaegerTrace): TraceData {
  const processes = trace.processes ?? {};
  const spans = trace.spans.map((span): SpanData => {
    const attributes = toRecord(span.tags);
    const parent = span.references?.find((ref) => ref.refType === 'CHILD_OF' && ref.traceID === span.traceID);
    const kind = text(attributes['span.kind']);
    return {
      spanId: span.spanID,
      ...(parent === undefined ? {} : { parentId: parent.spanID }),
      name: span.operationName,
      ...(kind === undefined ? {} : { kind }),
      ...processFacts(span.processID == null ? undefined : processes[span.processID]),
      startMs: span.startTime / 1000,
      durationMs: span.duration / 1000,
      attributes,
      events: (span.logs ?? []).map((log) => {
        const fields = toRecord(log.fields);
        const { event, ...rest } = fields;
        return { name: typeof event === 'string' ? event : 'event', timeMs: log.timestamp / 1000, attributes: rest };
      }),
    };
  });
  return { traceId: trace.traceID.padStart(32, '0').toLowerCase(), spans };
}
