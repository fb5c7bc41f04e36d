import { describe, expect, it } from 'vitest';
import type { TraceData } from '../backend/types';
import { groupFailures } from './bugs';
import { traceFixture } from './fixtures/load';

/** A recorded trace moved to another trace ID and time: another occurrence of the same bug. */
function again(trace: TraceData, traceId: string, laterMs: number): TraceData {
  return { traceId, spans: trace.spans.map((span) => ({ ...span, startMs: span.startMs + laterMs })) };
}

describe('groupFailures', () => {
  it('groups failures by fingerprint, most severe first, with counts, first and last seen, routes', () => {
    const bug = traceFixture('bug');
    const traces = [bug, again(bug, 'b'.repeat(32), 60_000), traceFixture('ledger'), traceFixture('signup'), traceFixture('success'), traceFixture('timeout')];
    const bugs = groupFailures(traces, (id) => `http://jaeger.test/trace/${id}`);
    expect(bugs.map((b) => [b.severity, b.type, b.occurrences])).toEqual([
      ['critical', 'FaultlineError', 1],
      ['high', 'TypeError', 2],
      ['high', 'TimeoutError', 1],
      ['low', 'ValidationError', 1],
    ]);
    const typeError = bugs[1]!;
    expect(typeError).toMatchObject({ fingerprint: 'aa0956cfc7b984af', routes: ['GET /bug'], firstSeen: '2026-12-06T11:19:56.708Z', lastSeen: '2026-12-06T11:20:56.708Z' });
    expect(typeError.recent.map((r) => r.at)).toEqual(['2026-12-06T11:20:56.708Z', '2026-12-06T11:19:56.708Z']);
  });

  it('leaves out failures without a fingerprint (apps without Faultline)', () => {
    const plain = traceFixture('invoice');
    const stripped: TraceData = {
      traceId: plain.traceId,
      spans: plain.spans.map((span) => ({
        ...span,
        attributes: Object.fromEntries(Object.entries(span.attributes).filter(([key]) => !key.startsWith('faultline.'))),
        events: span.events.map((event) => ({ ...event, attributes: Object.fromEntries(Object.entries(event.attributes).filter(([key]) => !key.startsWith('faultline.'))) })),
      })),
    };
    expect(groupFailures([stripped], (id) => id)).toEqual([]);
  });
});
