// A critical bug that fails 50 times becomes exactly one alert in Alertmanager and one notification at
// the webhook receiver; errors that are not high or critical raise none.
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { delay, waitFor } from '../support';
import { send } from './support/example';
import { tagsOf, waitForTrace } from './support/jaeger';
import { useStack } from './support/use-stack';

const SERVICE = 'e2e-alerts';
const e2e = useStack(SERVICE);

interface AmAlert { labels: Record<string, string>; annotations: Record<string, string>; status: { state: string } }

async function alertsOfService(): Promise<AmAlert[]> {
  const filter = encodeURIComponent(`service="${SERVICE}"`);
  const answer = await fetch(`${e2e.stack.alertmanagerUrl}/api/v2/alerts?filter=${filter}`);
  if (!answer.ok) throw new Error(`Alertmanager answered ${answer.status}`);
  return (await answer.json()) as AmAlert[];
}

describe('alerts', () => {
  it('turns 50 failures of one critical bug into one alert and one notification', async () => {
    const requestIds: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      const answers = await Promise.all(Array.from({ length: 5 }, () => send(e2e.app, 'POST', '/ledger/close')));
      for (const answer of answers) {
        expect(answer.status).toBe(500);
        requestIds.push(answer.requestId);
      }
    }
    // Low-severity failures in the same service must not alert.
    for (let i = 0; i < 5; i += 1) expect((await send(e2e.app, 'POST', '/signup', { body: {} })).status).toBe(400);

    const trace = await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(requestIds[0]!), (t) =>
      t.spans.some((s) => tagsOf(s.tags)['faultline.severity'] === 'critical'));
    const fingerprint = trace.spans.map((s) => tagsOf(s.tags)['faultline.fingerprint']).find(Boolean);

    const [alert] = await waitFor(async () => {
      const alerts = await alertsOfService();
      return alerts.length > 0 ? alerts : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, message: 'an alert in Alertmanager' });
    expect(alert?.labels).toMatchObject({ severity: 'critical', service: SERVICE, fingerprint, event_name: 'exception' });
    expect(alert?.annotations.trace_url).toMatch(new RegExp(`/trace/[0-9a-f]{32}$`));
    expect(alert?.annotations.bug_url).toBe(`http://127.0.0.1:16687/bug/${String(fingerprint)}?service=${SERVICE}`);
    expect(requestIds).toContain(alert?.annotations.request_id);

    await waitFor(() => e2e.stack.notifications.length > 0, { timeoutMs: 30_000, intervalMs: 250, message: 'a webhook notification' });
    // Let every batch reach Alertmanager and a further group_wait (5 s) pass: still one of each.
    await delay(8_000);
    expect(await alertsOfService()).toHaveLength(1);
    const notified = e2e.stack.notifications.flatMap((n) => n.alerts).filter((a) => a.labels.service === SERVICE);
    expect(e2e.stack.notifications).toHaveLength(1);
    expect(notified).toHaveLength(1);
    expect(notified[0]?.labels.fingerprint).toBe(fingerprint);
  }, 120_000);
});
