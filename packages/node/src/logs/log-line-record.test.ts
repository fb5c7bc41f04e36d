import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { lineToRecord } from './log-line-record';

const format = { messageKey: 'msg', labels: { 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' } };
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

describe('lineToRecord', () => {
  it('maps message, level, time and fields; pid and hostname stay out', () => {
    const record = lineToRecord({ level: 40, time: 1_700_000_000_123, pid: 7, hostname: 'h', msg: 'careful', order: { id: 42 } }, format);
    expect(record).toMatchObject({ body: 'careful', severityNumber: 13, severityText: 'warn', timestamp: 1_700_000_000_123 });
    expect(record.attributes).toEqual({ order: { id: 42 } });
    expect(record.context).toBeUndefined();
  });

  it('turns the correlation fields into the record span context, not attributes', () => {
    const record = lineToRecord({ level: 30, msg: 'paid', trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01', request_id: 'r1' }, format);
    expect(record.attributes).toEqual({ request_id: 'r1' });
    expect(trace.getSpanContext(record.context!)).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
  });

  it('uses the configured message key and leaves unknown levels unspecified', () => {
    const record = lineToRecord({ level: 35, message: 'custom' }, { messageKey: 'message', labels: {} });
    expect(record).toMatchObject({ body: 'custom', severityNumber: 0 });
    expect(record.severityText).toBeUndefined();
    expect(record.attributes).toEqual({});
  });
});
