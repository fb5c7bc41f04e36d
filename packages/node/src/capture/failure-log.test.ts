// The record logFailure writes for a recorded failure: the same facts the span got, nothing raw.
import { describe, expect, it } from 'vitest';
import { createRedactor, describeError, FaultlineError } from '@faultline/core';
import { failureFields } from './failure-log';

const FAKE_TOKEN = 'sk_live_FAKE0000000000000000000000';

describe('failureFields', () => {
  it('carries type, redacted message and stack, severity, fingerprint, code, status, causes and the request ID', () => {
    const cause = new Error(`upstream said ${FAKE_TOKEN}`);
    const error = new FaultlineError(`payment failed ${FAKE_TOKEN}`, { code: 'PAYMENT_FAILED', status: 502, cause });
    const summary = describeError(error, { redactor: createRedactor() });
    const fields = failureFields(summary, { requestId: 'REQ-1', source: 'express' });
    expect(fields).toMatchObject({
      'exception.type': 'FaultlineError',
      'faultline.severity': summary.severity,
      'faultline.fingerprint': summary.fingerprint,
      'faultline.error.code': 'PAYMENT_FAILED',
      'faultline.error.status': 502,
      'faultline.error.unhandled': false,
      'faultline.source': 'express',
      request_id: 'REQ-1',
    });
    expect(fields['faultline.error.causes']).toEqual([expect.objectContaining({ type: 'Error' })]);
    expect(String(fields['exception.stacktrace'])).toContain('payment failed [REDACTED');
    expect(JSON.stringify(fields)).not.toContain(FAKE_TOKEN);
  });

  it('marks unhandled failures and leaves out what the summary does not have', () => {
    const summary = describeError('a string was thrown', { unhandled: true });
    const fields = failureFields(summary, { unhandled: true, source: 'uncaughtException' });
    expect(fields).toMatchObject({ 'faultline.error.unhandled': true, 'faultline.severity': 'critical', 'faultline.source': 'uncaughtException' });
    expect(fields).not.toHaveProperty('request_id');
    expect(fields).not.toHaveProperty('faultline.error.causes');
  });
});
