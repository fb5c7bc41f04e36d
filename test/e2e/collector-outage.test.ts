// When the Collector goes away the service keeps answering and its memory stays flat (telemetry is
// bounded and dropped, not hoarded); once the Collector is back, new telemetry arrives again.
import { parseRequestId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { send } from './support/example';
import { heapAfterGcMiB, INSPECT_LOOPBACK } from './support/heap';
import { waitForTrace } from './support/jaeger';
import { useStack } from './support/use-stack';

const e2e = useStack('e2e-collector-outage', { NODE_OPTIONS: INSPECT_LOOPBACK });

/** `total` requests, `concurrency` at a time, alternating a success and a failure; returns the statuses. */
async function load(total: number, concurrency = 8): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const path = next++ % 2 === 0 ? '/orders/1' : '/bug';
      statuses.push((await send(e2e.app, 'GET', path)).status);
    }
  }));
  return statuses;
}

describe('Collector outage', () => {
  it('keeps serving with flat memory while the Collector is down, and exports again once it is back', async () => {
    await load(400); // warm up: JIT, pools, the exporter's queue at its working size
    const before = await heapAfterGcMiB(e2e.app);

    await e2e.stack.stopCollector();
    const statuses = await load(2000);
    const middle = await heapAfterGcMiB(e2e.app); // the SDK's bounded queues are full by now
    statuses.push(...await load(2000));
    const after = await heapAfterGcMiB(e2e.app);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2000);
    expect(statuses.filter((s) => s === 500)).toHaveLength(2000);
    // Bounded queues fill once, then telemetry is dropped: the second 2,000 requests add (almost) nothing.
    const growth = `heap after GC ${before.toFixed(0)} → ${middle.toFixed(0)} → ${after.toFixed(0)} MiB`;
    expect(after - before, growth).toBeLessThan(64);
    expect(after - middle, growth).toBeLessThan(24);

    // Back up: newest telemetry wins (the SDK's buffer drops the oldest), so the next failure arrives.
    await e2e.stack.startCollector();
    const answer = await send(e2e.app, 'GET', '/bug');
    await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(answer.requestId), (t) => t.spans.some((s) => s.logs.length > 0), 60_000);
  }, 300_000);
});
