import { describe, expect, it } from 'vitest';
import type { Redactor } from './redact';
import { describeError } from './describe';
import { FaultlineError, RemoteError } from './errors';

function frames(count: number, name = 'step'): string {
  return Array.from({ length: count }, (_, i) => `    at ${name}${i} (/srv/app/src/module${i}.js:${i + 1}:7)`).join('\n');
}

function withStack(message: string, stackFrames: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}\n${stackFrames}`;
  return error;
}

describe('describeError', () => {
  it('gives the same analysis as recording, without a span', () => {
    const error = new FaultlineError('payment failed for card 4111 1111 1111 1111', { code: 'PAYMENT_FAILED', status: 503 });
    const summary = describeError(error, { requestId: 'bad\nid' });
    expect(summary).toMatchObject({
      error,
      type: 'FaultlineError',
      message: 'payment failed for card [REDACTED:credit_card]',
      severity: 'high',
      code: 'PAYMENT_FAILED',
      status: 503,
      causes: [],
      droppedCauses: 0,
      unhandled: false,
    });
    expect(summary.requestId).toBeUndefined();
    expect(summary.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('records the status the client got when the app answered, in place of the error\'s own', () => {
    expect(describeError(new Error('not allowed here'), { answeredStatus: 403 })).toMatchObject({ status: 403, severity: 'medium' });
    expect(describeError(Object.assign(new Error('x'), { status: 500 }), { answeredStatus: 404 })).toMatchObject({ status: 404, severity: 'low' });
    // A success or a nonsense status the app wrote is not the failure's: the error's own is kept.
    expect(describeError(new Error('x'), { answeredStatus: 200 })).toMatchObject({ status: 500, severity: 'high' });
    expect(describeError(new Error('x'), { answeredStatus: 403, unhandled: true }).severity).toBe('critical');
  });

  it('takes the status of foreign errors that carry one, else 500; honours an explicit severity', () => {
    expect(describeError(Object.assign(new Error('too big'), { status: 413, expose: true })).status).toBe(413);
    const axios = Object.assign(new Error('Request failed with status code 404'), { name: 'AxiosError', code: 'ERR_BAD_REQUEST', status: 404 });
    expect(describeError(axios)).toMatchObject({ status: 500, severity: 'high' });
    expect(describeError(Object.assign(new Error('x'), { status: 200 })).status).toBe(500);
    expect(describeError(new RemoteError('x', { remoteStatus: 500 })).status).toBe(502);
    expect(describeError(new Error('x'), { severity: 'low' }).severity).toBe('low');
    expect(describeError(new Error('x'), { severity: 'low', unhandled: true }).severity).toBe('critical');
  });

  it('keeps a short stack whole', () => {
    const summary = describeError(withStack('short', frames(5)));
    expect(summary.stack).toBe(`Error: short\n${frames(5)}`);
  });

  it('cuts a long stack to the byte budget, keeping top and bottom and saying how much was cut', () => {
    const all = frames(2000);
    const summary = describeError(withStack('deep recursion', all));
    const stack = summary.stack ?? '';
    expect(Buffer.byteLength(stack)).toBeLessThanOrEqual(8192);
    expect(Buffer.byteLength(stack)).toBeGreaterThan(7000);
    const lines = stack.split('\n');
    expect(lines[0]).toBe('Error: deep recursion');
    expect(lines[1]).toBe('    at step0 (/srv/app/src/module0.js:1:7)');
    expect(lines[lines.length - 1]).toBe('    at step1999 (/srv/app/src/module1999.js:2000:7)');
    const marker = lines.find((line) => line.includes('cut by faultline')) ?? '';
    const [, cutFrames, cutBytes] = /\.\.\. (\d+) frames \((\d+) bytes\) cut by faultline/.exec(marker) ?? [];
    const keptFrames = lines.length - 2;
    expect(Number(cutFrames) + keptFrames).toBe(2000);
    expect(Number(cutBytes)).toBeGreaterThan(Buffer.byteLength(all) - 8192);
  });

  it('respects maxStackBytes and falls back to the default for a bad value', () => {
    const error = withStack('x', frames(300));
    expect(Buffer.byteLength(describeError(error, { maxStackBytes: 1024 }).stack ?? '')).toBeLessThanOrEqual(1024);
    expect(Buffer.byteLength(describeError(error, { maxStackBytes: -5 }).stack ?? '')).toBeLessThanOrEqual(8192);
    expect(Buffer.byteLength(describeError(error, { maxStackBytes: -5 }).stack ?? '')).toBeGreaterThan(4096);
  });

  it('redacts the stack after cutting nothing secret in half, and rebuilds the header from the redacted message', () => {
    const secret = 'Sup3rSecretPw';
    const homeFrames = frames(3000).replace(/\/srv\/app\//g, '/home/alice/app/');
    const error = withStack(`login to https://bob:${secret}@db.example.test failed`, homeFrames);
    const summary = describeError(error);
    const stack = summary.stack ?? '';
    expect(stack).not.toContain(secret);
    expect(stack).not.toContain('alice');
    expect(summary.message).toMatch(/^login to https:\/\/bob:\[REDACTED:\w+\].* failed$/);
    expect(stack.split('\n')[0]).toBe(`Error: ${summary.message}`);
    expect(stack.split('\n')[1]).toBe('    at step0 (/home/[REDACTED:user_path]/app/src/module0.js:1:7)');
    expect(stack.split('\n').at(-1)).toBe('    at step2999 (/home/[REDACTED:user_path]/app/src/module2999.js:3000:7)');
  });

  it('bounds a huge message and a huge header', () => {
    const error = withStack('m'.repeat(1_000_000), frames(3));
    const summary = describeError(error);
    expect(summary.message).toBe(`${'m'.repeat(4096)}… [cut to 4096 of 1000000 characters]`);
    expect(Buffer.byteLength(summary.stack ?? '')).toBeLessThanOrEqual(8192);
  });

  it('cleans hostile type names and codes', () => {
    const error = Object.assign(new Error('x'), { name: 'Evil\r\nName <script>', code: 'E\nBAD' });
    const summary = describeError(error);
    expect(summary.type).toBe('Evil Name <script>');
    expect(summary.code).toBe('E BAD');
  });

  it('withholds text when the redactor fails, instead of letting it out unredacted', () => {
    const broken: Redactor = {
      redact: (value) => value,
      redactString: () => {
        throw new Error('redactor bug');
      },
    };
    const summary = describeError(new Error('secret Sup3rSecretPw'), { redactor: broken });
    expect(summary.message).toBe('[REDACTED:redaction_failed]');
    expect(JSON.stringify({ ...summary, error: undefined })).not.toContain('Sup3rSecretPw');
  });

  it('describes thrown primitives without a misleading stack', () => {
    const summary = describeError('plain string');
    expect(summary).toMatchObject({ type: 'ThrownValueError', message: 'plain string', severity: 'high', status: 500 });
    expect(summary.stack).toBeUndefined();
  });

  it('cuts a 5 MB stack with bounded work, counting every frame it cut', () => {
    const huge = frames(100_000);
    const summary = describeError(withStack('x', huge));
    const stack = summary.stack ?? '';
    expect(Buffer.byteLength(stack)).toBeLessThanOrEqual(8192);
    const lines = stack.split('\n');
    expect(lines.at(-1)).toBe('    at step99999 (/srv/app/src/module99999.js:100000:7)');
    const [, cutFrames] = /\.\.\. (\d+) frames \(\d+ bytes\) cut by faultline/.exec(stack) ?? [];
    expect(Number(cutFrames) + lines.length - 2).toBe(100_000);
  });

  it('reuses the analysis of an error described again with the same options', () => {
    const error = new Error('again');
    const first = describeError(error);
    expect(describeError(error)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const unhandled = describeError(error, { unhandled: true });
    expect(unhandled).not.toBe(first);
    expect(unhandled.severity).toBe('critical');
  });

  it('analyses again, not from the cache, for a request: its ID and answered status make it that request\'s', () => {
    const error = new Error('again');
    const first = describeError(error, { requestId: 'req-1', answeredStatus: 503 });
    const second = describeError(error, { requestId: 'req-1', answeredStatus: 503 });
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(second.status).toBe(503);
  });
});
