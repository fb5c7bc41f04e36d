// lookup() over an in-memory store: each outcome, its exit code, its --json shape and its text.
import { requestIdFromTraceId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/types';
import type { TraceBackend } from '../backend/types';
import { exitCodeOf } from '../exit-codes';
import { traceFixture } from './fixtures/load';
import { lookup } from './lookup';
import { renderText } from './render-text';

const TRACE = traceFixture('timeout');
const ID = requestIdFromTraceId(TRACE.traceId);

function store(overrides: Partial<TraceBackend> = {}): TraceBackend {
  return {
    description: 'Jaeger at http://jaeger.test',
    traceUrl: (id) => `http://jaeger.test/trace/${id}`,
    getTrace: async (id) => (id === TRACE.traceId ? TRACE : undefined),
    existing: async (ids) => ids.filter((id) => id === TRACE.traceId),
    findFailures: async () => ({ traces: [TRACE], truncated: false }),
    services: async () => ['shop'],
    ...overrides,
  };
}

describe('lookup', () => {
  it('finds a request: exit 0, versioned JSON, and a text answer with what support needs', async () => {
    const result = await lookup(`X-Request-ID: ${ID}`, store());
    expect(exitCodeOf(result)).toBe(0);
    expect(result).toMatchObject({ schema: 'faultline.lookup/v1', result: 'found', summary: { requestId: ID, status: 504 } });
    const text = renderText(result, Date.parse('2026-12-06T11:29:56Z'));
    expect(text).toContain(`Request ${ID}  FAILED`);
    expect(text).toContain('2026-12-06 11:19:56.745 UTC (9 min ago)');
    expect(text).toContain('GET /stock/:sku  →  504');
    expect(text).toContain('TimeoutError (TIMEOUT)  severity high');
    expect(text).toContain('where     server.js:49');
    expect(text).toContain('customer saw  504 Gateway Timeout');
    expect(text).toContain(`http://jaeger.test/trace/${TRACE.traceId}`);
  });

  it('does not find a valid ID: exit 1 with what that can mean', async () => {
    const result = await lookup(requestIdFromTraceId('1'.repeat(32)), store());
    expect(exitCodeOf(result)).toBe(1);
    expect(result).toMatchObject({ result: 'not_found', traceId: '1'.repeat(32), didYouMean: [] });
    expect(renderText(result)).toMatch(/sampled away[\s\S]*retention[\s\S]*another environment/);
  });

  it('corrects a typo only as a labelled suggestion, exit 1', async () => {
    const typo = ID.replace(/.$/, (c) => (c === 'Z' ? 'Y' : 'Z'));
    const result = await lookup(typo, store());
    expect(exitCodeOf(result)).toBe(1);
    expect(result).toMatchObject({ result: 'not_found', typed: typo, didYouMean: [{ requestId: ID, correction: 'substituted', position: 27 }] });
    expect(result).not.toHaveProperty('summary');
    expect(renderText(result)).toContain('Did you mean (corrections of what was typed, not the ID itself)');
  });

  it('rejects bad input with exit 2, and reports a failing store with exit 3', async () => {
    expect(exitCodeOf(await lookup('no id here', store()))).toBe(2);
    const down = await lookup(ID, store({ getTrace: () => Promise.reject(new BackendError('Jaeger at x could not be reached (ECONNREFUSED)')) }));
    expect(down).toEqual({ schema: 'faultline.lookup/v1', result: 'backend_error', reason: 'Jaeger at x could not be reached (ECONNREFUSED)' });
    expect(exitCodeOf(down)).toBe(3);
  });

  it('prints control characters from telemetry escaped, so they cannot drive the terminal', async () => {
    const hostile = { ...TRACE, spans: TRACE.spans.map((s) => ({ ...s, service: 'shop\u001b[2J\u001b]0;owned\u0007' })) };
    const result = await lookup(ID, store({ getTrace: async () => hostile }));
    const text = renderText(result);
    expect(text.includes('\u001b') || text.includes('\u0007')).toBe(false);
    expect(text).toContain('shop\\u001b[2J');
  });
});
