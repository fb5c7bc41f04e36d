// createLogger and faultlinePinoOptions as a user sees them: the JSON lines written to the destination.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultlineError, requestIdFromTraceId } from '@faultline/core';
import { createLogger } from './logger';
import { faultlinePinoOptions } from './log-options';

// Fake secrets only, shaped so the redactor recognises them.
const FAKE_TOKEN = 'sk_live_FAKE0000000000000000000000';
const FAKE_PASSWORD = 'hunter2-fake-password';
const FAKE_CARD = '4111 1111 1111 1111';
const FAKE_DSN = 'postgres://app:fake-db-pass@db.internal:5432/shop';

function capture() {
  const lines: string[] = [];
  const destination = { write: (line: string) => { lines.push(line); } };
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const raw = () => lines.join('');
  return { destination, parsed, raw };
}

const contextManager = new AsyncLocalStorageContextManager();
const provider = new TracerProvider();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(() => {
  trace.disable();
  context.disable();
});

describe('correlation', () => {
  it('puts trace_id, span_id, trace_flags and the request ID on a line logged inside a span', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    const span = trace.getTracer('test').startSpan('GET /orders');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    span.end();
    const [line] = out.parsed();
    expect(line).toMatchObject({
      msg: 'inside',
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
      trace_flags: '01',
      request_id: requestIdFromTraceId(span.spanContext().traceId),
    });
  });

  it('still logs outside any span, without correlation fields', () => {
    const out = capture();
    createLogger({ destination: out.destination }).info('outside');
    const [line] = out.parsed();
    expect(line?.msg).toBe('outside');
    expect(line).not.toHaveProperty('trace_id');
    expect(line).not.toHaveProperty('request_id');
  });

  it('follows the active span into child loggers and across awaits', async () => {
    const out = capture();
    const child = createLogger({ destination: out.destination }).child({ component: 'billing' });
    const tracer = trace.getTracer('test');
    const spanId = await tracer.startActiveSpan('job', async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      child.warn('after await');
      span.end();
      return span.spanContext().spanId;
    });
    expect(out.parsed()[0]).toMatchObject({ component: 'billing', span_id: spanId, level: 40 });
  });
});

describe('redaction', () => {
  it('scrubs the message, format arguments, fields at any depth and child bindings', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination }).child({ session: FAKE_TOKEN });
    logger.info({ user: { password: FAKE_PASSWORD, card: FAKE_CARD }, db: FAKE_DSN }, `charging with ${FAKE_TOKEN}`);
    logger.info('token %s in %o', FAKE_TOKEN, { nested: { apiKey: FAKE_TOKEN } });
    logger.info('card %d', 4111111111111111);
    const text = out.raw();
    for (const secret of [FAKE_TOKEN, FAKE_PASSWORD, FAKE_CARD, 'fake-db-pass', '4111111111111111']) expect(text).not.toContain(secret);
    expect(text).toContain('[REDACTED');
    const [first] = out.parsed();
    expect(String(first?.msg)).toMatch(/^charging with \[REDACTED/);
  });

  it('serialises err with type, redacted message and stack, code, severity, fingerprint and the cause chain', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    const cause = new Error(`connect failed for ${FAKE_DSN}`);
    const error = new FaultlineError(`payment failed with ${FAKE_TOKEN}`, { code: 'PAYMENT_FAILED', status: 502, cause });
    Object.assign(error, { query: `SELECT * FROM cards WHERE number = '${FAKE_CARD}'`, socket: new (class Socket {})() });
    logger.error({ err: error }, 'charge failed');
    logger.error(error);
    const [withMessage, bare] = out.parsed();
    const err = withMessage?.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: 'FaultlineError', code: 'PAYMENT_FAILED', status: 502, severity: 'high' });
    expect(err.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(String(err.message)).toContain('payment failed with [REDACTED');
    expect(String(err.stack)).toContain('payment failed with [REDACTED');
    expect(err.causes).toEqual([expect.objectContaining({ type: 'Error', message: expect.stringContaining('connect failed for') })]);
    expect(String(err.query)).toContain('SELECT');
    expect(err).not.toHaveProperty('socket');
    // Without a message pino uses the error's: the redacted one.
    expect(String(bare?.msg)).toContain('payment failed with [REDACTED');
    for (const secret of [FAKE_TOKEN, FAKE_CARD, 'fake-db-pass']) expect(out.raw()).not.toContain(secret);
  });

  it('redacts what an app serializer returns', () => {
    const out = capture();
    const logger = createLogger({
      destination: out.destination,
      serializers: { req: (req) => ({ headers: (req as { headers: unknown }).headers }) },
    });
    logger.info({ req: { headers: { authorization: `Bearer ${FAKE_TOKEN}` } } }, 'request');
    expect(out.raw()).not.toContain(FAKE_TOKEN);
  });
});

describe('levels and options', () => {
  it('honours the level option and keeps pino levels', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, level: 'warn', name: 'api' });
    logger.info('dropped');
    logger.error('kept');
    expect(out.parsed()).toEqual([expect.objectContaining({ level: 50, msg: 'kept', name: 'api' })]);
  });

  it('gives an app its own pino instance with the same correlation and scrubbing', () => {
    const out = capture();
    const logger = pino({ ...faultlinePinoOptions(), level: 'debug' }, out.destination);
    const span = trace.getTracer('test').startSpan('own');
    context.with(trace.setSpan(context.active(), span), () => logger.debug({ password: FAKE_PASSWORD }, `key ${FAKE_TOKEN}`));
    span.end();
    const [line] = out.parsed();
    expect(line).toMatchObject({ level: 20, trace_id: span.spanContext().traceId });
    expect(out.raw()).not.toContain(FAKE_PASSWORD);
    expect(out.raw()).not.toContain(FAKE_TOKEN);
  });
});
