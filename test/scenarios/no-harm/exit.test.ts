// Exit: the preload never keeps a process alive past its own work plus FAULTLINE_SHUTDOWN_TIMEOUT_MS,
// with a Collector that refuses connections or one that accepts and never answers. Bounds are generous
// (the point is seconds, not milliseconds: before, an unreachable Collector cost ~10 s).
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp, stopAllApps, waitFor } from '../../support';

const SCRIPT = path.join(__dirname, 'short-script.cjs');
let refused = '';
let silent: net.Server;
let unreachable = '';
const held: net.Socket[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  refused = `http://127.0.0.1:${await freePort()}`;
  // Accepts and never answers: an export waits until the bound cuts it off.
  silent = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  unreachable = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await stopAllApps();
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/** Milliseconds from the script's DONE line to its exit. */
async function exitDelay(endpoint: string, env: Record<string, string> = {}): Promise<number> {
  const app = await startApp({ entry: SCRIPT, mode: 'require', endpoint, env });
  await waitFor(() => app.stdout().includes('DONE'), { timeoutMs: 10_000 });
  const done = Date.now();
  await app.exited;
  return Date.now() - done;
}

it('exits promptly after its work when the Collector refuses connections', async () => {
  expect(await exitDelay(refused)).toBeLessThan(2500);
}, 30_000);

it('exits within FAULTLINE_SHUTDOWN_TIMEOUT_MS when the Collector accepts and never answers', async () => {
  expect(await exitDelay(unreachable, { FAULTLINE_SHUTDOWN_TIMEOUT_MS: '1000' })).toBeLessThan(4000);
}, 30_000);

it('keeps the bound with metrics export on too (its exporters get the same unref\'d sockets and retries)', async () => {
  expect(await exitDelay(unreachable, { OTEL_METRICS_EXPORTER: 'otlp', FAULTLINE_SHUTDOWN_TIMEOUT_MS: '1000' })).toBeLessThan(4000);
}, 30_000);

it('exits with code 1 after an uncaught exception, waiting for the crash flush even when nothing else holds the process', async () => {
  const env = { THROW: '1', FAULTLINE_CRASH_FLUSH_TIMEOUT_MS: '2500', FAULTLINE_SHUTDOWN_TIMEOUT_MS: '300' };
  const app = await startApp({ entry: SCRIPT, mode: 'require', endpoint: unreachable, env });
  await waitFor(() => app.stdout().includes('DONE'), { timeoutMs: 10_000 });
  const done = Date.now();
  expect((await app.exited).code).toBe(1);
  expect(Date.now() - done).toBeLessThan(6000);
  expect(app.stderr()).toContain('short script crashed on purpose');
}, 30_000);

it.each(['SIGTERM', 'SIGINT'] as const)('ends on %s within FAULTLINE_SHUTDOWN_TIMEOUT_MS when the Collector never answers', async (signal) => {
  const app = await startApp({ entry: SCRIPT, mode: 'require', endpoint: unreachable, env: { SERVE: '1', FAULTLINE_SHUTDOWN_TIMEOUT_MS: '1000' } });
  await waitFor(() => app.stdout().includes('DONE'), { timeoutMs: 10_000 });
  const sent = Date.now();
  const result = await app.stop(signal, 10_000);
  expect(Date.now() - sent).toBeLessThan(4000);
  expect(result.signal).toBe(signal);
}, 30_000);
