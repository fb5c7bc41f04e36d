// The preload turns on Node's compile cache (a child process per case: the cache is process-wide).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileCacheWanted, privateTempDirectory } from './compile-cache';

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

  it('is written 2 s after start-up, so a process killed later keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-compile-cache-'));
    dirs.push(dir);
    // The app counts the cache's files before and after the flush, then dies without exiting.
    const script = `const { readdirSync } = require('node:fs'); const { join } = require('node:path');
      const count = () => readdirSync(${JSON.stringify(dir)}).flatMap((d) => readdirSync(join(${JSON.stringify(dir)}, d))).length;
      const before = count();
      setTimeout(() => { process.stdout.write(before + ' ' + count()); process.kill(process.pid, 'SIGKILL'); }, 2600);`;
    const result = spawnSync(process.execPath, ['--require', PRELOAD, '-e', script], {
      env: { PATH: process.env.PATH, NODE_COMPILE_CACHE: dir, OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const [before, after] = result.stdout.split(' ').map(Number);
    expect(result.signal).toBe('SIGKILL');
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(100);
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

  it('uses a temp-folder directory only when this user owns it and no one else can write to it', () => {
    const base = mkdtempSync(join(tmpdir(), 'fl-compile-base-'));
    const mine = privateTempDirectory(base);
    expect(mine).toBe(join(base, `faultline-compile-cache-${process.getuid?.()}`));
    expect(statSync(mine as string).mode & 0o777).toBe(0o700);
    chmodSync(mine as string, 0o777);
    expect(privateTempDirectory(base)).toBeUndefined();
    rmSync(base, { recursive: true, force: true });
  });
});
