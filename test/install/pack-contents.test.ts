// What `npm pack` puts in each published package: the compiled code and its types for every source file,
// the entry points package.json names, README and LICENSE, and nothing else (no tests, source maps
// without their sources, build info or stale output). Needs the packages built (`npm test` builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

type PackageJson = {
  license: string;
  main: string;
  types: string;
  bin?: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};

const PACKAGES: Record<string, { dir: string; extra: string[] }> = {
  '@faultline/core': { dir: 'packages/core', extra: [] },
  '@faultline/node': { dir: 'packages/node', extra: ['instrument.mjs'] },
  '@faultline/cli': { dir: 'packages/cli', extra: ['bin/faultline.js'] },
};

function packList(dir: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: join(root, dir),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, npm_config_loglevel: 'silent' },
  });
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }];
  return pack.files.map((file) => file.path).sort();
}

/** dist/<name>.js and dist/<name>.d.ts for every source file that is not a test or a test fixture. */
function expectedDist(dir: string): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : walk(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    });
  const src = join(root, dir, 'src');
  return walk(src).flatMap((file) => {
    const stem = `dist/${relative(src, file).replace(/\.ts$/, '')}`.split('\\').join('/');
    return [`${stem}.d.ts`, `${stem}.js`];
  });
}

function entryPoints(pkg: PackageJson): string[] {
  const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin ?? {})];
  for (const target of Object.values(pkg.exports)) {
    targets.push(...(typeof target === 'string' ? [target] : Object.values(target)));
  }
  return [...new Set(targets.map((target) => target.replace(/^\.\//, '')))].sort();
}

describe.each(Object.entries(PACKAGES))('npm pack of %s', (name, { dir, extra }) => {
  const files = packList(dir);
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as PackageJson;

  it('holds exactly the compiled sources, the entry files, package.json, README.md and LICENSE', () => {
    const expected = [...expectedDist(dir), ...extra, 'package.json', 'README.md', 'LICENSE'].sort();
    // A file only in `files` is stale build output or a test: `rm -rf <package>/dist && npx tsc --build`.
    expect({ name, files }).toEqual({ name, files: expected });
  });

  it('holds every file that package.json points a user at', () => {
    const missing = entryPoints(pkg).filter((target) => !files.includes(target));
    expect(missing).toEqual([]);
  });

  it('carries the Apache-2.0 LICENSE of the repository', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const own = join(root, dir, 'LICENSE');
    expect(existsSync(own)).toBe(true);
    expect(readFileSync(own, 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
  });
});

it('the repository LICENSE is the Apache License 2.0 text', () => {
  const text = readFileSync(join(root, 'LICENSE'), 'utf8');
  expect(text).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
  expect(text).toContain('END OF TERMS AND CONDITIONS');
  expect(text).toContain('http://www.apache.org/licenses/LICENSE-2.0');
});
