// BullMQ under the preload against a real redis-server, CommonJS and ESM: a job enqueued by an HTTP
// request is worked in the request's trace (the context travels in the job), each failed attempt is
// recorded on its consumer span with queue, job name and attempt number, the attempt that exhausts the
// job is high severity, the job's logs carry the run ID (the request ID), and HTTP keeps being served.
import path from 'node:path';
import { parseRequestId } from '@faultline/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, useScenario, waitFor } from '../../support';
import type { ExportedSpan, RedisServer } from '../../support';

const scenario = useScenario();
let redis: RedisServer;
let queues = 0;

beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => { await redis?.stop(); });

describe.each([
  { mode: 'require' as const, entry: 'bullmq-app.cjs' },
  { mode: 'import' as const, entry: 'bullmq-app.mjs' },
])('BullMQ workers with --$mode', ({ mode, entry }) => {
  const start = async () => {
    queues += 1;
    const queue = `mail-${mode}-${queues}`;
    const app = await scenario.start({ entry: path.join(__dirname, entry), mode, env: { REDIS_PORT: String(redis.port), QUEUE: queue } });
    return { app, queue };
  };
  const consumers = (queue: string, traceId: string) => scenario.receiver.spans
    .filter((s) => s.name === `process ${queue}` && s.traceId === traceId)
    .sort((a, b) => Number(a.attributes['faultline.job.attempt'] ?? 99) - Number(b.attributes['faultline.job.attempt'] ?? 99));

  it('records every failed attempt on a consumer span in the producer\'s trace; the last one is high severity', async () => {
    const { app, queue } = await start();
    const response = await fetch(`${app.url}/enqueue?fail=always`);
    expect(response.status).toBe(200);
    const requestId = String(response.headers.get('x-request-id'));
    const traceId = parseRequestId(requestId);

    const failed = await waitFor(() => {
      const spans = consumers(queue, traceId).filter((s) => s.status.code === 2);
      return spans.length === 3 ? spans : undefined;
    }, { timeoutMs: 15_000 });
    expect(failed.map((s) => s.kind)).toEqual([5, 5, 5]);
    expect(failed.map((s) => s.attributes['faultline.job.attempt'])).toEqual([1, 2, 3]);
    expect(failed.map((s) => s.attributes['faultline.severity'])).toEqual(['low', 'low', 'high']);
    for (const span of failed) {
      expect(span.attributes).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'faultline.job.name': 'welcome', 'faultline.request_id': requestId });
      expect(span.events.filter((e) => e.name === 'exception').map((e) => e.attributes['exception.message'])).toEqual(['smtp refused the connection']);
    }
    const producer = scenario.receiver.spans.find((s: ExportedSpan) => s.kind === 4 && s.traceId === traceId);
    expect(producer?.name).toBe(`add ${queue}.welcome`);

    const failureLogs = await waitFor(() => {
      const logs = scenario.receiver.logs.filter((l) => l.attributes['faultline.source'] === 'bullmq' && l.attributes.request_id === requestId);
      return logs.length === 3 ? logs : undefined;
    });
    expect(failureLogs.map((l) => l.attributes['faultline.severity'])).toEqual(['low', 'low', 'high']);
    const jobLogs = await waitFor(() => {
      const logs = scenario.receiver.logs.filter((l) => l.attributes.marker === 'job-log');
      return logs.length === 3 ? logs : undefined;
    });
    expect(jobLogs.map((l) => l.attributes.request_id)).toEqual([requestId, requestId, requestId]);
    expect(await (await fetch(`${app.url}/ok`)).text()).toBe('ok');
    expect(app.child.exitCode).toBeNull();
  });

  it('a job that succeeds on its second attempt leaves one low-severity failure and a clean last span', async () => {
    const { app, queue } = await start();
    const response = await fetch(`${app.url}/enqueue?fail=1`);
    const traceId = parseRequestId(String(response.headers.get('x-request-id')));
    const spans = await waitFor(() => {
      const found = consumers(queue, traceId);
      return found.length === 2 ? found : undefined;
    }, { timeoutMs: 15_000 });
    expect(spans.map((s) => s.status.code)).toEqual([2, 0]);
    expect(spans[0]!.attributes['faultline.severity']).toBe('low');
    expect(spans[1]!.events.some((e) => e.name === 'exception')).toBe(false);
  });
});
