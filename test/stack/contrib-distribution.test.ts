// docker-compose.yml runs the official contrib Collector image, so collector-config.yaml may use only what
// that distribution ships: checked against its component list kept as data
// (stack/otelcol-contrib-components.yaml, with its source), and, where the Go module cache holds the
// modules the stack build fetched, against each component's own metadata at the pinned version.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;

const builder = parse(read('stack/otelcol-builder.yaml')) as Record<string, Array<{ gomod: string }>>;
const contrib = parse(read('stack/otelcol-contrib-components.yaml')) as Record<string, string[] | string>;
const config = parse(read('collector-config.yaml')) as Record<string, Record<string, unknown> | undefined>;
const version = /^OTELCOL_VERSION=(\S+)/m.exec(read('scripts/stack/versions.env'))?.[1] ?? '';

/** The builder module that provides a configured component: `otlp_http/prometheus` → .../otlphttpexporter. */
function moduleOf(kind: (typeof KINDS)[number], id: string): string | undefined {
  const type = id.split('/')[0]!.replace(/_/g, '');
  const name = ({ otlpgrpc: 'otlp' } as Record<string, string>)[type] ?? type;
  return (builder[kind] ?? []).map(({ gomod }) => gomod.split(' ')[0]!).find((module) => module.endsWith(`/${name}${kind.slice(0, -1)}`));
}

const used = KINDS.flatMap((kind) => Object.keys(config[kind] ?? {}).map((id) => ({ kind, id, module: moduleOf(kind, id) })));

describe('collector-config.yaml and the contrib distribution', () => {
  it('keeps the distribution list with its source', () => {
    expect(String(contrib.source)).toMatch(/^https:\/\/github\.com\/open-telemetry\/opentelemetry-collector-releases\/blob\/v[\d.]+\/distributions\/otelcol-contrib\/manifest\.yaml$/);
    expect((contrib.processors as string[]).length).toBeGreaterThan(20);
  });

  it.each(used.map((u) => [`${u.kind}: ${u.id}`, u] as const))('the contrib image ships %s', (_, { kind, module }) => {
    expect(module, 'built by stack/otelcol-builder.yaml').toBeDefined();
    expect(contrib[kind] as string[]).toContain(module);
  });

  it('does not use the alertmanager exporter, which no official distribution ships', () => {
    expect(Object.keys(config.exporters ?? {}).some((id) => id.startsWith('alertmanager'))).toBe(false);
    expect((contrib.exporters as string[]).some((module) => module.endsWith('/alertmanagerexporter'))).toBe(false);
  });

  const modCache = (() => {
    try { return execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(); } catch { return ''; }
  })();
  const metadataOf = (module: string) => join(modCache, `${module.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`)}@v${version}`, 'metadata.yaml');
  const fetched = modCache !== '' && used.every(({ module }) => module !== undefined && existsSync(metadataOf(module)));

  it.skipIf(!fetched)(`each used component lists contrib among its distributions at v${version}`, () => {
    for (const { id, module } of used) {
      const metadata = parse(readFileSync(metadataOf(module!), 'utf8')) as { status?: { distributions?: string[] } };
      expect(metadata.status?.distributions, id).toContain('contrib');
    }
  });
});
