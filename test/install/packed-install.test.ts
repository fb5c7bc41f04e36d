// @faultline/node installed as a user installs it: `npm pack` of the workspaces, `npm install` of the
// tarball into a fresh app (from the registry, so this tier needs it; bounded to a few minutes, quick
// once npm's cache is warm). Each @opentelemetry package must be installed once, in one version, and the
// preload must start from that install.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFaultlineApp, measureInstall, npmLsVersions } from '../../bench/lib/packed-install';

const INSTALL_TIMEOUT_MS = 300_000;
/** Measured 27.7 MB (docs/benchmarks.md "Install size"); a fifth more means a dependency crept in. */
const MAX_NODE_MODULES_MB = 34;
let app = '';

beforeAll(() => {
  app = installFaultlineApp();
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  if (app !== '') rmSync(app, { recursive: true, force: true });
});

describe('a fresh install of the packed @faultline/node', () => {
  it('has one version of each @opentelemetry package in `npm ls --all`', () => {
    const versions = npmLsVersions(app);
    const otel = [...versions].filter(([name]) => name.startsWith('@opentelemetry/'));
    expect(otel.length).toBeGreaterThan(10);
    expect(otel.filter(([, found]) => found.size > 1).map(([name, found]) => `${name}: ${[...found].join(', ')}`)).toEqual([]);
  });

  it('holds one copy of each @opentelemetry package on disk, and stays within its size', () => {
    const stats = measureInstall(app);
    expect(Object.keys(stats.duplicates).filter((name) => name.startsWith('@opentelemetry/'))).toEqual([]);
    expect(stats.nodeModulesMb).toBeLessThanOrEqual(MAX_NODE_MODULES_MB);
  });

  it('starts the preload and a correlated logger from that install', () => {
    const script = "const { createLogger } = require('@faultline/node'); createLogger().info('packed install works');";
    const run = spawnSync(process.execPath, ['--require', '@faultline/node/instrument', '-e', script], {
      cwd: app,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', NODE_OPTIONS: '' },
    });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('not instrumented');
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ msg: 'packed install works' });
  });
});
