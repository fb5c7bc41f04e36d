// Conventions that a tool can check, so they do not live in prose alone (../shared/CONVENTIONS.md).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

const nodeSrc = join(root, 'packages/node/src');

/** Files at the root of packages/node/src: the entry points and what every stage shares. */
const NODE_ROOT_FILES = ['config.ts', 'diag.ts', 'index.ts', 'instrument.ts', 'package-version.ts', 'runtime.ts', 'setting-parsers.ts', 'supported-runtime.ts'];

/**
 * The folders of packages/node/src, by stage of the data flow, and the other folders each may import
 * ('.' is the root files above). As the code stands; a new edge is a design decision, made here.
 */
const NODE_LAYERS: Record<string, readonly string[]> = {
  http: ['.', 'capture', 'sampling'],
  frameworks: ['.', 'capture', 'http', 'sampling', 'tasks'],
  capture: ['.', 'http', 'logs', 'sampling'],
  sampling: ['.', 'http'],
  export: ['.', 'capture', 'otlp-protobuf', 'sampling'],
  logs: ['.', 'http', 'otlp-protobuf', 'process', 'sdk'],
  'otlp-protobuf': ['.'],
  process: ['.', 'capture', 'export', 'http', 'sampling', 'tasks'],
  sdk: ['.', 'capture', 'export', 'frameworks', 'outbound', 'sampling'],
  outbound: ['.', 'capture'],
  tasks: ['.', 'capture', 'http'],
};
function layerOf(base: string, file: string): string {
  const [first = '', ...rest] = relative(base, file).split(sep);
  return rest.length === 0 ? '.' : first;
}

/** Imports under `base` that cross the layering, as "<file> imports <target>" (paths from `base`). */
function layeringViolations(base: string): string[] {
  const files = sourceFiles(base);
  const known = new Set(files);
  const entryPoints = new Set(['index.ts', 'instrument.ts'].map((name) => join(base, name)));
  return files.flatMap((file) =>
    importsOf(file).flatMap((spec) => {
      const target = resolveLocal(file, spec, known);
      if (target === undefined) return [];
      const from = layerOf(base, file);
      const to = layerOf(base, target);
      const allowed = !entryPoints.has(target) && (from === '.' || to === from || (NODE_LAYERS[from] ?? []).includes(to));
      return allowed ? [] : [`${relative(base, file)} imports ${relative(base, target)}`];
    }),
  );
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
  it('packages/node/src is grouped by stage: only the entry points and shared files at its root, every folder a known stage', () => {
    const entries = readdirSync(nodeSrc, { withFileTypes: true });
    const rootFiles = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')).map((e) => e.name);
    expect(rootFiles.sort()).toEqual([...NODE_ROOT_FILES].sort());
    expect(entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()).toEqual(Object.keys(NODE_LAYERS).sort());
  });

  it('packages/node/src keeps its layering: each stage imports only the stages it may, and nothing imports an entry point', () => {
    expect(layeringViolations(nodeSrc)).toEqual([]);
  });

  it('the layering check finds an import it does not allow', () => {
    expect(layeringViolations(join(root, 'test/conventions/fixtures/layering'))).toEqual([
      join('capture', 'uses-entry.ts') + ' imports index.ts',
      join('logs', 'uses-framework.ts') + ' imports ' + join('frameworks', 'adapter.ts'),
    ]);
  });
});
