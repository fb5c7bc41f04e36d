// One pino line (already parsed) as an OpenTelemetry log record: the message as the body, pino's numeric
// level as the severity (the lowest number of each OpenTelemetry range, as the logs data model asks of a
// source with one severity per range), the time as the timestamp, the correlation fields as the record's
// span context, and every other field as an attribute. pid and hostname stay out: the resource has them.
import type { Attributes, Context, LogRecord } from '@opentelemetry/api';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';

const SEVERITY_NUMBERS: Readonly<Record<number, number>> = { 10: 1, 20: 5, 30: 9, 40: 13, 50: 17, 60: 21 };

export interface LineFormat {
  readonly messageKey: string;
  /** pino's `levels.labels`: number to name. */
  readonly labels: Readonly<Record<number, string>>;
}

function spanContextOf(traceId: unknown, spanId: unknown, flags: unknown): Context | undefined {
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return undefined;
  const traceFlags = typeof flags === 'string' ? Number.parseInt(flags, 16) : Number(flags);
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: Number.isFinite(traceFlags) ? traceFlags : 0, isRemote: true });
}

export function lineToRecord(line: Record<string, unknown>, format: LineFormat): LogRecord {
  const { time, level, hostname: _hostname, pid: _pid, trace_id, span_id, trace_flags, ...rest } = line;
  const body = rest[format.messageKey];
  delete rest[format.messageKey];
  const record: LogRecord = { body: body as LogRecord['body'], attributes: rest as Attributes };
  if (typeof time === 'number') record.timestamp = time;
  if (typeof level === 'number') {
    record.severityNumber = SEVERITY_NUMBERS[level] ?? 0;
    const label = format.labels[level];
    if (label !== undefined) record.severityText = label;
  }
  const context = spanContextOf(trace_id, span_id, trace_flags);
  if (context !== undefined) record.context = context;
  return record;
}
