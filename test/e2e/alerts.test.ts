// Failures become an exact counter in Prometheus and alerts come from its rules, against the real
// Collector, Prometheus and Alertmanager: 1,000 failures of one critical bug at 10% trace sampling count
// exactly 1,000 and make exactly one notification, linking the bug's page; a second bug raises its own;
// low-severity failures raise none; a storm that fills the export buffer still counts every failure.
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { delay, waitFor } from '../support';
import type { RunningApp } from '../support';
import { send, startExample } from './support/example';
import { tagsOf, waitForTrace } from './support/jaeger';
import { query, scalar } from './support/prometheus';
import { useStack } from './support/use-stack';
import type { AlertNotification } from './support/stack';

const SERVICE = 'e2e-alerts';
// Metrics every second (the default is 60 s) so the test sees counts and alerts within seconds.
const METRICS = { OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '1000' };
const e2e = useStack(SERVICE, { ...METRICS, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' });

/** `count` requests, `concurrency` at a time; every answer must have `status`. */
async function fail(app: RunningApp, method: string, path: string, count: number, status: number, concurrency = 20): Promise<string[]> {
  const ids: string[] = [];
  for (let sent = 0; sent < count; sent += concurrency) {
    const answers = await Promise.all(Array.from({ length: Math.min(concurrency, count - sent) }, () => send(app, method, path, method === 'GET' ? {} : { body: {} })));
    for (const answer of answers) {
      expect(answer.status).toBe(status);
      ids.push(answer.requestId);
    }
  }
  return ids;
}

const notificationsFor = (fingerprint: string): AlertNotification[] =>
  e2e.stack.notifications.filter((n) => n.alerts.some((a) => a.labels.faultline_fingerprint === fingerprint));

/** The one bug of `severity` the service's counter holds, once its count reaches `count`. */
async function countedBug(service: string, severity: string, count: number): Promise<{ fingerprint: string; errorType: string }> {
  const promql = `sum by (faultline_fingerprint, error_type) (faultline_failures_total{job="${service}",faultline_severity="${severity}"})`;
  const samples = await waitFor(async () => {
    const result = await query(e2e.stack.prometheusUrl, promql);
    return result.length > 0 && result.every((s) => s.value >= count) ? result : undefined;
  }, { timeoutMs: 60_000, intervalMs: 500, message: `${count} ${severity} failures of ${service} in Prometheus` });
  expect(samples).toHaveLength(1);
  expect(samples[0]?.value).toBe(count);
  return { fingerprint: samples[0]!.metric.faultline_fingerprint!, errorType: samples[0]!.metric.error_type! };
}

describe('failure counts and alerts', () => {
  it('counts 1,000 failures of one critical bug at 10% sampling exactly, and notifies once', async () => {
    const started = Date.now();
    const requestIds = await fail(e2e.app, 'POST', '/ledger/close', 1000, 500);
    // Low-severity failures in the same service count but must not alert.
    await fail(e2e.app, 'POST', '/signup', 5, 400);

    const bug = await countedBug(SERVICE, 'critical', 1000);
    const low = await waitFor(() => scalar(e2e.stack.prometheusUrl, `sum(faultline_failures_total{job="${SERVICE}",faultline_severity="low"})`),
      { timeoutMs: 30_000, intervalMs: 500, message: 'the low-severity count' });
    expect(low).toBe(5);
    // The counter's fingerprint is the one on the failure's trace (kept although 90% of traces are not).
    const trace = await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(requestIds[0]!), (t) =>
      t.spans.some((s) => tagsOf(s.tags)['faultline.severity'] === 'critical'));
    expect(trace.spans.map((s) => tagsOf(s.tags)['faultline.fingerprint']).find(Boolean)).toBe(bug.fingerprint);

    await waitFor(() => notificationsFor(bug.fingerprint).length > 0, { timeoutMs: 60_000, intervalMs: 250, message: 'a notification for the bug' });
    const firstNotificationMs = Date.now() - started;
    // A further evaluation, group_wait (5 s) and the rate rule's evaluations: still one notification.
    await delay(15_000);
    const notified = notificationsFor(bug.fingerprint);
    expect(notified).toHaveLength(1);
    expect(notified[0]?.alerts).toHaveLength(1);
    const alert = notified[0]!.alerts[0]!;
    expect(alert.labels).toMatchObject({ alertname: 'FaultlineNewBug', severity: 'critical', job: SERVICE, faultline_fingerprint: bug.fingerprint, error_type: bug.errorType });
    expect(alert.annotations.bug_url).toBe(`http://127.0.0.1:16687/bug/${bug.fingerprint}?service=${SERVICE}`);
    expect(alert.annotations.trace_url).toBe(`${e2e.stack.jaegerUrl}/search?service=${SERVICE}&tags=%7B%22faultline.fingerprint%22%3A%22${bug.fingerprint}%22%7D`);
    // No notification for anything but high and critical bugs.
    expect(e2e.stack.notifications.flatMap((n) => n.alerts).every((a) => ['high', 'critical'].includes(a.labels.severity ?? ''))).toBe(true);
    process.stdout.write(`[alerts e2e] first failure to its notification: ${firstNotificationMs} ms (1,000 requests sent first)\n`);
  }, 240_000);

  it('raises a second bug as its own notification', async () => {
    const started = Date.now();
    await fail(e2e.app, 'GET', '/bug', 5, 500, 5);
    const bug = await countedBug(SERVICE, 'high', 5);
    await waitFor(() => notificationsFor(bug.fingerprint).length > 0, { timeoutMs: 60_000, intervalMs: 250, message: 'a notification for the second bug' });
    process.stdout.write(`[alerts e2e] first failure of the second bug to its notification: ${Date.now() - started} ms\n`);
    const [notification] = notificationsFor(bug.fingerprint);
    expect(notification?.groupLabels).toEqual({ faultline_fingerprint: bug.fingerprint, job: SERVICE });
    expect(notification?.alerts[0]?.labels).toMatchObject({ alertname: 'FaultlineNewBug', severity: 'high', error_type: 'TypeError' });
  }, 120_000);

  it('counts every failure of a storm that fills the export buffer, and the dropped spans apart', async () => {
    const storm = await startExample(e2e.stack, 'e2e-storm', { ...METRICS, FAULTLINE_EXPORT_BUFFER_SIZE: '64' });
    try {
      // With the Collector down the span buffer (64) overflows and drops; the failure counts are cumulative,
      // so the first metric export after it is back carries all of them.
      await e2e.stack.stopCollector();
      await fail(storm, 'GET', '/orders/7/invoice', 300, 500);
      await delay(2_000);
      await e2e.stack.startCollector();
      await countedBug('e2e-storm', 'high', 300);
      const dropped = await waitFor(async () => {
        const value = await scalar(e2e.stack.prometheusUrl, 'sum(faultline_sdk_spans_dropped_total{job="e2e-storm"})');
        return value !== undefined && value > 0 ? value : undefined;
      }, { timeoutMs: 30_000, intervalMs: 500, message: 'the dropped-span count' });
      // One server span per failure, nothing delivered while the Collector was down: 64 kept waiting, and
      // the first urgent export (at most the first wave of 20 concurrent failures) in flight, retried until
      // the Collector is back; every other span dropped and counted.
      expect(dropped).toBeGreaterThanOrEqual(300 - 64 - 20);
    } finally {
      await storm.stop('SIGTERM', 10_000);
    }
  }, 180_000);
});
