// The preload turns on Node's compile cache (a child process per case: the cache is process-wide).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileCacheWanted } from './compile-cache';

const PRELOAD = require.resolve('@faultline/node/instrument');
const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

/** Runs a tiny app under the preload (throws unless it exits 0); returns the cache directory it reports. */
function runApp(env: Record<string, string>): string {
  const script = "const m = require('node:module'); process.stdout.write(String(m.getCompileCacheDir?.() ?? ''))";
  return execFileSync(process.execPath, ['--require', PRELOAD, '-e', script], {
    env: { PATH: process.env.PATH, OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
}

describe('compile cache', () => {
  it('is wanted unless FAULTLINE_COMPILE_CACHE says false (a bad value keeps the default)', () => {
    expect(compileCacheWanted({})).toBe(true);
    expect(compileCacheWanted({ FAULTLINE_COMPILE_CACHE: 'false' })).toBe(false);
    expect(compileCacheWanted({ FAULTLINE_COMPILE_CACHE: 'off' })).toBe(false);
    expect(compileCacheWanted({ FAULTLINE_COMPILE_CACHE: 'true' })).toBe(true);
    expect(compileCacheWanted({ FAULTLINE_COMPILE_CACHE: 'maybe' })).toBe(true);
    expect(compileCacheWanted({ OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(compileCacheWanted({ OTEL_SDK_DISABLED: 'false' })).toBe(true);
  });

  it('fills NODE_COMPILE_CACHE with the preload\'s modules, and a second start reuses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-compile-cache-'));
    dirs.push(dir);
    expect(runApp({ NODE_COMPILE_CACHE: dir }).startsWith(dir)).toBe(true);
    const [versionDir] = readdirSync(dir);
    const entries = readdirSync(join(dir, versionDir ?? ''));
    expect(entries.length).toBeGreaterThan(100);
    runApp({ NODE_COMPILE_CACHE: dir });
    expect(readdirSync(join(dir, versionDir ?? '')).length).toBe(entries.length);
  });

  it('stays off with FAULTLINE_COMPILE_CACHE=false and with OTEL_SDK_DISABLED=true', () => {
    expect(runApp({ FAULTLINE_COMPILE_CACHE: 'false' })).toBe('');
    expect(runApp({ OTEL_SDK_DISABLED: 'true' })).toBe('');
  });

  it('leaves the app running when the directory cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-compile-cache-'));
    dirs.push(dir);
    // A regular file where the directory should be: Node cannot create the cache there.
    execFileSync(process.execPath, ['-e', `require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'file'))}, '')`]);
    expect(runApp({ NODE_COMPILE_CACHE: join(dir, 'file') })).toBe('');
  });
});
