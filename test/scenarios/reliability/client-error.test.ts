// Requests Node's parser refuses before any app code runs: with the preload they get the same status as
// without it, plus an X-Request-ID and a minimal problem body, and each is recorded at low severity;
// an app with its own clientError listener keeps answering them itself.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRequestId } from '@faultline/core';
import { rawRequest, startApp, useScenario, waitFor } from '../../support';

const APP = path.join(__dirname, 'crash-app.cjs');
const scenario = useScenario();
const isRequestId = (value: string | undefined) => {
  try {
    return parseRequestId(value ?? '').length === 32;
  } catch {
    return false;
  }
};

const CASES = [
  { name: 'an invalid method', bytes: 'BREW / HTTP/1.1\r\nHost: a\r\n\r\n', status: 400 },
  { name: 'garbage instead of a request line', bytes: '\u0000\u0001garbage\r\n\r\n', status: 400 },
  { name: 'a header block over the limit', bytes: `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431 },
  { name: 'an over-long URL', bytes: `GET /${'u'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, status: 431 },
  { name: 'an unmet Expect', bytes: 'GET / HTTP/1.1\r\nHost: a\r\nExpect: the-unexpected\r\n\r\n', status: 417 },
  {
    name: 'chunk extensions over the limit',
    bytes: `POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(20_000)}\r\nx\r\n0\r\n\r\n`,
    status: 413,
  },
];

describe('requests refused by the HTTP parser', () => {
  it.each(CASES)('answers $name with $status, an X-Request-ID and a problem body, and records it', async ({ bytes, status }) => {
    const app = await scenario.start({ entry: APP, mode: 'require' });
    const answer = await rawRequest(app.port, bytes);
    expect(answer.status).toBe(status);
    const requestId = answer.headers['x-request-id'] ?? '';
    expect(isRequestId(requestId)).toBe(true);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(answer.body)).toMatchObject({ status, requestId });
    const span = await waitFor(() => scenario.receiver.spans.find((s) => s.name === 'clientError' && s.attributes['faultline.request_id'] === requestId));
    expect(span.attributes['faultline.severity']).toBe('low');
    expect(span.attributes['error.type']).toBe('HttpParserError');
    expect(span.attributes['faultline.error.code']).toMatch(/^(HPE_[A-Z_]+|EXPECTATION_FAILED)$/);
    expect(span.attributes['http.response.status_code']).toBe(status);
    expect(JSON.stringify(span)).not.toContain('a'.repeat(100));
  });

  it.each(CASES)('answers $name with the status Node gives without the preload', async ({ bytes, status }) => {
    const plain = await startApp({ entry: APP, mode: 'none' });
    expect((await rawRequest(plain.port, bytes)).status).toBe(status);
  });

  it('leaves them to the app when it listens for clientError itself', async () => {
    const app = await scenario.start({ entry: APP, mode: 'require', env: { APP_CLIENT_ERROR_HANDLER: '1' } });
    const answer = await rawRequest(app.port, CASES[0]!.bytes);
    expect(answer.status).toBe(400);
    expect(answer.headers['x-app']).toBe('own');
    expect(answer.headers['x-request-id']).toBeUndefined();
  });

  it('records at most 10 a second under a flood, and answers every one with a request ID', async () => {
    const app = await scenario.start({ entry: APP, mode: 'require' });
    const answers = await Promise.all(Array.from({ length: 40 }, () => rawRequest(app.port, CASES[0]!.bytes)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 400));
    expect(answers.filter((a) => isRequestId(a.headers['x-request-id']))).toHaveLength(40);
    await fetch(`${app.url}/fail`);
    await waitFor(() => scenario.receiver.spans.some((s) => s.attributes['http.route'] === undefined && s.kind === 2 && s.name !== 'clientError'));
    const recorded = scenario.receiver.spans.filter((s) => s.name === 'clientError').length;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThanOrEqual(20);
  });
});
