// The Collector misbehaving in every way the fault run tried — down, hanging, answering 500, answering
// garbage, resetting connections — while the Express 4 app (production mode) serves successes and
// failures under the preload: every request answered as usual and in bounded time, memory bounded, the
// losses visible on stderr, and SIGTERM still ends the process within the shutdown bound.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, startReceiver, stopAllApps } from '../../support';
import type { OtlpReceiver, ReceiverFaults } from '../../support';

const APP = path.join(__dirname, '..', '..', 'apps', 'express4', 'app.cjs');
const REQUESTS = 600;
const SHUTDOWN_MS = 1000;
let receiver: OtlpReceiver;
let downUrl: string;
beforeAll(async () => {
  receiver = await startReceiver();
  const gone = await startReceiver();
  downUrl = gone.url;
  await gone.close();
});
afterAll(async () => {
  await stopAllApps();
  await receiver.close();
});

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

describe.each([
  { name: 'down (connection refused)', down: true, faults: {} },
  // Nothing has failed yet when it stops (each export waits out its 2 s timeout): only the shutdown line.
  { name: 'hanging', faults: { hang: true }, quietUntilShutdown: true },
  { name: 'answering 500', status: 500, faults: {} },
  { name: 'answering garbage with 200', faults: { body: '\u0000garbage, not OTLP' } },
  { name: 'resetting connections', faults: { reset: true } },
] as Array<{ name: string; down?: boolean; status?: number; faults: ReceiverFaults; quietUntilShutdown?: boolean }>)('a Collector $name', ({ name, down, status, faults, quietUntilShutdown }) => {
  it(`leaves ${REQUESTS} requests answered as usual, memory bounded, and SIGTERM within the bound`, async () => {
    receiver.clear();
    receiver.respondWith(status ?? 200);
    receiver.misbehave(faults);
    const app = await startApp({
      entry: APP, mode: 'require', endpoint: down === true ? downUrl : receiver.url,
      env: { NODE_ENV: 'production', OTEL_EXPORTER_OTLP_TIMEOUT: '2000', FAULTLINE_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_MS) },
    });
    const pid = app.child.pid ?? 0;
    await fetch(`${app.url}/ok`);
    const rssBefore = rssMb(pid);
    const latencies: number[] = [];
    const statuses: number[] = [];
    await Promise.all(Array.from({ length: 8 }, async (_, worker) => {
      for (let i = worker; i < REQUESTS; i += 8) {
        const startedAt = performance.now();
        const answer = await fetch(`${app.url}/${i % 2 === 0 ? 'ok' : 'sync-throw'}`, { signal: AbortSignal.timeout(5000) });
        await answer.arrayBuffer();
        latencies.push(performance.now() - startedAt);
        statuses.push(answer.status);
        expect(answer.headers.get('x-request-id')).toBeTruthy();
      }
    }));
    expect(statuses.filter((s) => s === 200)).toHaveLength(REQUESTS / 2);
    expect(statuses.filter((s) => s === 500)).toHaveLength(REQUESTS / 2);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    const rssAfter = rssMb(pid);
    process.stdout.write(`collector-faults, ${name}: p50 ${latencies[latencies.length >> 1]?.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB\n`);
    // Loose bounds (the suite shares the machine); a request waiting on the exporter would take seconds.
    expect(latencies[latencies.length >> 1]).toBeLessThan(250);
    expect(p99).toBeLessThan(2000);
    expect(rssAfter - rssBefore).toBeLessThan(96);

    const stoppedAt = Date.now();
    const exit = await app.stop('SIGTERM');
    expect(exit.signal).toBe('SIGTERM');
    expect(Date.now() - stoppedAt).toBeLessThan(SHUTDOWN_MS + 1500);
    if (quietUntilShutdown !== true) expect(app.stderr()).toMatch(/faultline: (span|log record) export failing/);
    expect(app.stderr()).toMatch(/faultline: telemetry lost: /);
  }, 60_000);
});
