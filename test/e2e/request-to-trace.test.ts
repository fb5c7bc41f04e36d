// A failing request's request ID, as the client sees it, leads to its trace in Jaeger, and the trace tells
// what failed: the failed server span with error.type, severity and fingerprint, and the exception event
// with a scrubbed message and a scrubbed, bounded stack.
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { send } from './support/example';
import { tagsOf, waitForTrace } from './support/jaeger';
import type { JaegerTrace } from './support/jaeger';
import { useStack } from './support/use-stack';

const e2e = useStack('e2e-request-to-trace');

function serverSpan(trace: JaegerTrace) {
  return trace.spans.map((span) => tagsOf(span.tags)).find((tags) => tags['span.kind'] === 'server');
}
/** The exception events Faultline recorded (they carry its fingerprint; an instrumentation may add its own). */
function exceptionEvents(trace: JaegerTrace) {
  return trace.spans.flatMap((span) => span.logs).map((log) => tagsOf(log.fields))
    .filter((fields) => fields.event === 'exception' && fields['faultline.fingerprint'] !== undefined);
}
const hasFailure = (trace: JaegerTrace) => serverSpan(trace)?.['faultline.fingerprint'] !== undefined && exceptionEvents(trace).length > 0;

describe('request ID → trace in Jaeger', () => {
  it('resolves the request ID of a thrown bug to a trace with the failed server span and the exception', async () => {
    const answer = await send(e2e.app, 'GET', '/bug');
    expect(answer.status).toBe(500);
    expect(answer.requestId).not.toBe('');

    const trace = await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId), hasFailure);
    expect(serverSpan(trace)).toMatchObject({
      error: true,
      'error.type': 'TypeError',
      'faultline.severity': expect.stringMatching(/^(high|critical)$/),
      'faultline.fingerprint': expect.stringMatching(/^[0-9a-f]{16}$/),
      'faultline.request_id': answer.requestId,
    });
    const [exception] = exceptionEvents(trace);
    expect(exception?.['exception.type']).toBe('TypeError');
    expect(String(exception?.['exception.message'])).toMatch(/profile/);
    expect(String(exception?.['exception.stacktrace'])).toMatch(/server\.js/);
  });

  it('gives the same bug the same fingerprint on every request', async () => {
    const first = await send(e2e.app, 'GET', '/bug');
    const second = await send(e2e.app, 'GET', '/bug');
    const [a, b] = await Promise.all([first, second].map((answer) =>
      waitForTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId), hasFailure)));
    expect(serverSpan(a!)?.['faultline.fingerprint']).toBe(serverSpan(b!)?.['faultline.fingerprint']);
  });

  it('scrubs and cuts a stack that carries a whole error page with a password in it', async () => {
    const answer = await send(e2e.app, 'GET', '/reports/7');
    expect(answer.status).toBe(500);
    expect(answer.body).not.toContain('FAKE-db-password');

    const trace = await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId), hasFailure);
    const [exception] = exceptionEvents(trace);
    const stack = String(exception?.['exception.stacktrace']);
    const message = String(exception?.['exception.message']);
    // The raw message alone is over 18,000 characters; the SDK's default budget for a stack is 8 KiB.
    expect(Buffer.byteLength(stack)).toBeLessThanOrEqual(8 * 1024);
    expect(stack).toMatch(/^Error: report service failed/);
    expect(stack).toMatch(/server\.js:\d+:\d+/);
    expect(message).toMatch(/\[cut to \d+ of \d+ characters\]$/);
    expect(JSON.stringify(trace)).not.toContain('FAKE-db-password');
  });

  it('answers a validation error with 400 and records it without treating it as a bug', async () => {
    const answer = await send(e2e.app, 'POST', '/signup', { body: { email: 'nope' } });
    expect(answer.status).toBe(400);
    const trace = await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId), (t) => serverSpan(t)?.['faultline.severity'] !== undefined);
    expect(serverSpan(trace)).toMatchObject({ 'error.type': 'ValidationError', 'faultline.severity': 'low' });
  });
});
