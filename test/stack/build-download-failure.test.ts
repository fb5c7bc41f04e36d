// scripts/stack/build when the Go module proxy cannot be reached: each program retries its download once,
// then the build stops with a message that names what could not be downloaded, and compiles nothing.
// Uses an empty module cache and a proxy address on loopback where nothing listens.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const hasGo = (() => {
  try { execFileSync('go', ['version'], { stdio: 'pipe' }); return true; } catch { return false; }
})();

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

it.skipIf(!hasGo)('fails with a clear message after one retry, and compiles nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-stack-build-'));
  try {
    const run = spawnSync(join(root, 'scripts/stack/build'), [], {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        FAULTLINE_STACK_CACHE: join(dir, 'cache'),
        GOMODCACHE: join(dir, 'modcache'),
        GOPROXY: `http://127.0.0.1:${await closedPort()}`,
        GOFLAGS: '-modcacherw',
      },
    });
    expect(run.status).toBe(1);
    for (const part of ['collector', 'jaeger', 'prometheus', 'alertmanager']) {
      expect(run.stderr).toMatch(new RegExp(`${part} FAILED: could not download .+ from the Go module proxy \\(GOPROXY=http://127\\.0\\.0\\.1:\\d+\\), twice; nothing was compiled`));
    }
    const [entry] = readdirSync(join(dir, 'cache')).filter((name) => !name.startsWith('.'));
    const logs = join(dir, 'cache', entry!, 'logs');
    expect(readFileSync(join(logs, 'prometheus.log'), 'utf8')).toMatch(/download of Prometheus failed; retrying once/);
    for (const program of ['otelcol', 'jaeger', 'prometheus', 'alertmanager']) expect(existsSync(join(dir, 'cache', entry!, 'bin', program))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);
