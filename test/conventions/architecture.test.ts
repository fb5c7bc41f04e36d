// Conventions that a tool can check, so they do not live in prose alone (../shared/CONVENTIONS.md).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const importPattern = /^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm;
const requirePattern = /require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(importPattern), ...text.matchAll(requirePattern)].map((m) => m[1] as string);
  return specs;
}

function resolveLocal(from: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
}

function findCycle(files: string[]): string[] | undefined {
  const known = new Set(files);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'visiting') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'visiting');
    stack.push(file);
    for (const spec of importsOf(file)) {
      const target = resolveLocal(file, spec, known);
      const cycle = target && visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle) return cycle.map((f) => relative(root, f));
  }
  return undefined;
}

describe('architecture', () => {
  const packages = ['core', 'node', 'cli'];

  it.each(packages)('packages/%s has no import cycle', (name) => {
    expect(findCycle(sourceFiles(join(root, 'packages', name, 'src')))).toBeUndefined();
  });

  it('the cycle check finds a cycle when there is one', () => {
    const dir = join(root, 'test/conventions/fixtures/cycle');
    expect(findCycle(sourceFiles(dir))).toEqual([
      'test/conventions/fixtures/cycle/a.ts',
      'test/conventions/fixtures/cycle/b.ts',
      'test/conventions/fixtures/cycle/a.ts',
    ]);
  });

  it('@faultline/core is pure: it imports only @opentelemetry/api and side-effect-free node built-ins', () => {
    const allowed = new Set(['@opentelemetry/api', 'node:crypto', 'node:util']);
    const offenders = sourceFiles(join(root, 'packages/core/src')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.') && !allowed.has(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each(packages)('packages/%s keeps every source file within 300 lines', (name) => {
    const long = sourceFiles(join(root, 'packages', name, 'src'))
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});
