// Traces outlive a restart of the stack: Jaeger keeps them in its Badger store on disk, so a request ID a
// customer was given before the restart still resolves afterwards (`faultline lookup`, exit 0), and the
// failure counts in Prometheus are kept too.
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support';
import { send } from './support/example';
import { runCli } from './support/faultline-cli';
import { getTrace, waitForTrace } from './support/jaeger';
import { scalar } from './support/prometheus';
import { useStack } from './support/use-stack';

const SERVICE = 'e2e-restart';
const e2e = useStack(SERVICE, { OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '1000' });

describe('a restart of the stack', () => {
  it('keeps earlier traces resolvable by request ID, and the failure counts', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => send(e2e.app, 'POST', '/ledger/close')));
    for (const answer of answers) expect(answer.status).toBe(500);
    for (const answer of answers) await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId));
    const counted = `sum(faultline_failures_total{job="${SERVICE}"})`;
    await waitFor(async () => (await scalar(e2e.stack.prometheusUrl, counted)) === 3, { timeoutMs: 30_000, intervalMs: 500, message: '3 failures counted' });
    // The app stays up and keeps exporting; the stack goes down and comes back on the same data.
    await e2e.stack.restart();

    for (const answer of answers) {
      const trace = await getTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId));
      expect(trace?.spans.length, answer.requestId).toBeGreaterThan(0);
    }
    const lookup = await runCli(['lookup', answers[0]!.requestId, '--json', '--jaeger', e2e.stack.jaegerUrl]);
    expect(lookup.code).toBe(0);
    expect(lookup.stdout).toContain(answers[0]!.requestId);
    // Prometheus's data is kept as well (the app re-sends its cumulative count in any case).
    await waitFor(async () => (await scalar(e2e.stack.prometheusUrl, counted)) === 3, { timeoutMs: 30_000, intervalMs: 500, message: 'the count after the restart' });
  }, 180_000);
});
