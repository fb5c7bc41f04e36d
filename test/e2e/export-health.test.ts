// Against the real Collector, over OTLP/protobuf (the default) and OTLP/JSON: its answers are read as
// clean successes — no export counted as failed, no outage warning, no "cannot check" line — while the
// failure still reaches Jaeger. (The fake receiver's garbage and partial-success answers are in
// test/scenarios/reliability/drops-visible.test.ts.)
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { send } from './support/example';
import { waitForTrace } from './support/jaeger';
import { useStack } from './support/use-stack';

describe.each([
  { protocol: 'http/protobuf' },
  { protocol: 'http/json' },
])('the real Collector answering $protocol exports', ({ protocol }) => {
  const e2e = useStack(`e2e-export-health-${protocol.replace('/', '-')}`, { OTEL_EXPORTER_OTLP_PROTOCOL: protocol });

  it('counts them as successes and warns about nothing', async () => {
    for (let i = 0; i < 20; i += 1) await send(e2e.app, 'GET', i % 2 === 0 ? '/orders/1' : '/bug');
    const answer = await send(e2e.app, 'GET', '/bug');
    await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId), (t) => t.spans.some((s) => s.logs.length > 0), 60_000);
    expect(e2e.app.stderr()).not.toMatch(/export failing|cannot check OTLP response|telemetry lost/);
  }, 120_000);
});
