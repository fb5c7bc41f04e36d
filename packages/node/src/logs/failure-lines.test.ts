// A failure's stdout line is composed without pino; it must still be the line a pino logger named
// `faultline` writes for the same fields, so whatever reads pino's lines reads it.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRedactor, describeError, FaultlineError } from '@faultline/core';
import { failureFields } from '../capture/failure-log';
import { FailureLines } from './failure-lines';
import type { FailureLevel } from './failure-lines';

const FAKE_TOKEN = 'sk_live_FAKE0000000000000000000000';
const BINDINGS = { pid: 4242, hostname: 'web-1' };

function pinoLine(level: FailureLevel, fields: Record<string, unknown>, message: string): string {
  let line = '';
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { line += chunk.toString('utf8'); done(); } });
  pino({ name: 'faultline', level: 'info', base: BINDINGS }, destination)[level](fields, message);
  return line;
}

function faultlineLine(level: FailureLevel, fields: Record<string, unknown>, message: string): string {
  const written: string[] = [];
  new FailureLines({ write: (line) => void written.push(line) }, BINDINGS).write(level, { ...fields }, message);
  expect(written).toHaveLength(1);
  return written[0] ?? '';
}

/** The same line up to its `time`, which the two clocks read a moment apart. */
function withoutTime(line: string): string {
  return line.replace(/"time":\d+,/u, '"time":0,');
}

describe('FailureLines', () => {
  const cause = new Error(`upstream said ${FAKE_TOKEN} "quoted"\n\ttabbed 😀 \u2028`);
  const error = new FaultlineError(`payment failed ${FAKE_TOKEN} for naïve café`, { code: 'PAYMENT_FAILED', status: 502, cause });
  const summary = describeError(error, { redactor: createRedactor() });

  it.each<FailureLevel>(['info', 'warn', 'error', 'fatal'])('writes what a pino logger named faultline writes at %s, byte for byte', (level) => {
    const fields = failureFields(summary, { requestId: 'REQ-1', source: 'express' }, true, { trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331', trace_flags: '01' });
    const message = `${summary.type}: ${summary.message}`;
    const line = faultlineLine(level, fields, message);
    expect(withoutTime(line)).toBe(withoutTime(pinoLine(level, fields, message)));
    expect(line.endsWith('}\n')).toBe(true);
    expect(line).not.toContain(FAKE_TOKEN);
    expect(JSON.parse(line)).toMatchObject({ name: 'faultline', pid: 4242, hostname: 'web-1', 'faultline.error.code': 'PAYMENT_FAILED', request_id: 'REQ-1', msg: message });
  });

  it('leaves out what is undefined, as pino does', () => {
    const fields = { 'exception.type': 'Error', 'faultline.error.status': undefined };
    expect(withoutTime(faultlineLine('error', fields, 'Error: x'))).toBe(withoutTime(pinoLine('error', fields, 'Error: x')));
  });
});
