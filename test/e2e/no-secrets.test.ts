// Secrets planted in an error message, a request header, a query string, a request body and a log line
// appear nowhere in what Jaeger holds or in the Collector's log-record file, while the request's log
// records still arrive there carrying its trace ID.
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support';
import { send } from './support/example';
import { allTracesText, waitForTrace } from './support/jaeger';
import { useStack } from './support/use-stack';

const SERVICE = 'e2e-no-secrets';
// Fake values shaped like real ones. The example's own payment key is in its error message and log line.
const MESSAGE_KEY = 'sk_live_FAKE51HxExampleOnly000000';
const HEADER_TOKEN = 'e2eFAKEheaderTokenValue0000000001';
const API_KEY_HEADER = 'e2e-FAKE-api-key-header-0000000002';
const QUERY_TOKEN = 'e2eFAKEqueryTokenValue00000000003';
const CARD = '4111 1111 1111 1111';
const BODY_PASSWORD = 'e2e-FAKE-body-password-0004';

// Also record the sensitive headers on spans, the way a misconfigured service would.
const e2e = useStack(SERVICE, { OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST: 'authorization,x-api-key' });

interface LogLine { resourceLogs?: Array<{ scopeLogs?: Array<{ logRecords?: Array<{ traceId?: string }> }> }> }
function logRecordTraceIds(fileText: string): string[] {
  return fileText.split('\n').filter(Boolean).flatMap((line) => {
    const parsed = JSON.parse(line) as LogLine;
    return (parsed.resourceLogs ?? []).flatMap((r) => r.scopeLogs ?? []).flatMap((s) => s.logRecords ?? [])
      .map((record) => (record.traceId ?? '').toLowerCase());
  });
}

describe('no secret leaves the service', () => {
  it('keeps planted secrets out of Jaeger and the Collector log file, and correlates the log records', async () => {
    const answer = await send(e2e.app, 'POST', `/payments?token=${QUERY_TOKEN}&page=1`, {
      headers: { authorization: `Bearer ${HEADER_TOKEN}`, 'x-api-key': API_KEY_HEADER },
      body: { card: CARD, amount: 42, password: BODY_PASSWORD },
    });
    expect(answer.status).toBe(500);
    const traceId = parseRequestId(answer.requestId);

    // The failure, its log line and Faultline's failure record all reach the backends...
    await waitForTrace(e2e.stack.jaegerUrl, traceId, (trace) => trace.spans.some((s) => s.logs.length > 0));
    const logText = await waitFor(async () => {
      const text = await e2e.stack.readCollectorLogFile();
      return logRecordTraceIds(text).filter((id) => id === traceId).length >= 2 ? text : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, message: 'two log records with the request\'s trace ID' });
    const jaegerText = await allTracesText(e2e.stack.jaegerUrl, SERVICE);

    // ...and none of the secrets does, in any form.
    const secrets = [MESSAGE_KEY, HEADER_TOKEN, API_KEY_HEADER, QUERY_TOKEN, CARD, CARD.replace(/ /g, ''), BODY_PASSWORD];
    for (const secret of secrets) {
      expect(jaegerText, `Jaeger holds ${secret}`).not.toContain(secret);
      expect(logText, `the Collector log file holds ${secret}`).not.toContain(secret);
      expect(answer.body, `the client saw ${secret}`).not.toContain(secret);
    }
    // The request itself is still recognisable (the scrubbing is targeted, not everything-gone).
    expect(jaegerText).toContain('/payments');
  });
});
