// The stack's files agree with each other: collector-config.yaml uses only components the builder
// manifest builds (and the contrib image ships), every pipeline is wired, every endpoint can be moved by
// the environment, and docker-compose.yml runs the pinned versions with the repo's config files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;
type Kind = (typeof KINDS)[number];

function pinnedVersions(): Record<string, string> {
  const entries = read('scripts/stack/versions.env').split('\n')
    .map((line) => /^([A-Z_]+)=(\S+)/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1], match[2]]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Component type as the builder names it: the module's last segment without its kind suffix. */
function builtTypes(): Record<Kind, Set<string>> {
  const manifest = parse(read('stack/otelcol-builder.yaml')) as Record<string, Array<{ gomod: string }>>;
  return Object.fromEntries(KINDS.map((kind) => [kind, new Set((manifest[kind] ?? []).map(({ gomod }) => {
    const module = gomod.split(' ')[0]!;
    return module.slice(module.lastIndexOf('/') + 1).replace(new RegExp(`${kind.slice(0, -1)}$`), '');
  }))])) as Record<Kind, Set<string>>;
}

/** `otlp_grpc/jaeger` → `otlpgrpc` → the module name `otlp`; `memory_limiter` → `memorylimiter`. */
function moduleName(componentId: string): string {
  const type = componentId.split('/')[0]!.replace(/_/g, '');
  return ({ otlpgrpc: 'otlp', otlphttp: 'otlphttp' } as Record<string, string>)[type] ?? type;
}

const config = parse(read('collector-config.yaml')) as Record<string, unknown> & {
  service: { extensions: string[]; pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
};

describe('collector-config.yaml', () => {
  const built = builtTypes();

  it.each(KINDS.filter((kind) => config[kind] !== undefined))('uses only %s that the builder manifest contains', (kind) => {
    const ids = Object.keys((config[kind] ?? {}) as Record<string, unknown>);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(built[kind], `${kind}: ${id}`).toContain(moduleName(id));
  });

  it('wires every pipeline to components it defines', () => {
    const defined = (kind: Kind) => Object.keys((config[kind] ?? {}) as Record<string, unknown>);
    const connectors = defined('connectors');
    for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
      for (const id of pipeline.receivers) expect([...defined('receivers'), ...connectors], `${name} receiver`).toContain(id);
      for (const id of pipeline.processors ?? []) expect(defined('processors'), `${name} processor`).toContain(id);
      for (const id of pipeline.exporters) expect([...defined('exporters'), ...connectors], `${name} exporter`).toContain(id);
    }
    for (const id of config.service.extensions) expect(defined('extensions')).toContain(id);
  });

  it('lets the environment override every endpoint, with a loopback default', () => {
    const text = read('collector-config.yaml');
    const endpoints = [...text.matchAll(/^\s*(endpoint|metrics_endpoint|path):\s*(.+)$/gm)].map((match) => match[2]!.trim());
    expect(endpoints.length).toBeGreaterThanOrEqual(6);
    expect(text).toMatch(/metrics_endpoint: \$\{env:PROMETHEUS_OTLP_METRICS_URL:-http:\/\/127\.0\.0\.1:9090\/api\/v1\/otlp\/v1\/metrics\}/);
    for (const value of endpoints) expect(value).toMatch(/^\$\{env:[A-Z_]+:-[^}]+\}$/);
    expect(text).not.toMatch(/0\.0\.0\.0/);
  });

  it('keeps every attribute through the redaction pass (its default deletes all but an allow-list)', () => {
    expect((config.processors as Record<string, { allow_all_keys?: boolean }>).redaction?.allow_all_keys).toBe(true);
  });
});

describe('builder manifest and versions', () => {
  it('pins contrib v0.N with core v0.N and the stable core modules v1.(N-94)', () => {
    const versions = pinnedVersions();
    const minor = Number(versions.OTELCOL_VERSION?.split('.')[1]);
    expect(versions.OTELCOL_STABLE_VERSION).toBe(`1.${minor - 94}.0`);
    const manifest = read('stack/otelcol-builder.yaml');
    const gomods = [...manifest.matchAll(/gomod: (\S+) (\S+)/g)];
    expect(gomods.length).toBeGreaterThan(10);
    for (const [, module, version] of gomods) {
      const stable = module!.includes('/confmap/');
      expect(version, module).toBe(stable ? 'v${OTELCOL_STABLE_VERSION}' : 'v${OTELCOL_VERSION}');
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, { image: string; volumes?: string[]; environment?: Record<string, string> }>;
  };
  const versions = pinnedVersions();

  it('runs the pinned versions', () => {
    expect(compose.services.collector?.image).toBe(`otel/opentelemetry-collector-contrib:${versions.OTELCOL_VERSION}`);
    expect(compose.services.jaeger?.image).toBe(`jaegertracing/jaeger:${versions.JAEGER_VERSION}`);
    expect(compose.services.alertmanager?.image).toBe(`prom/alertmanager:v${versions.ALERTMANAGER_VERSION}`);
    expect(compose.services.prometheus?.image).toBe(`prom/prometheus:v${versions.PROMETHEUS_VERSION}`);
    const [major, minor, patch] = (versions.PROMETHEUS_VERSION ?? '').split('.');
    expect(versions.PROMETHEUS_MODULE_VERSION, 'Prometheus 3.M.P is the module version v0.3MM.P').toBe(`v0.${major}${minor?.padStart(2, '0')}.${patch}`);
  });

  it('runs the Node services on a Node line the packages support', () => {
    const floor = Number(/>=\s*(\d+)/.exec((JSON.parse(read('packages/node/package.json')) as { engines: { node: string } }).engines.node)?.[1]);
    const nodeImages = Object.values(compose.services).map((service) => service.image).filter((image) => image.startsWith('node:'));
    expect(nodeImages.length).toBeGreaterThanOrEqual(2);
    for (const image of nodeImages) expect(Number(/^node:(\d+)/.exec(image)?.[1]), image).toBeGreaterThanOrEqual(floor);
  });

  it('mounts the repo files that exist and points the example at the Collector', () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.')) expect(existsSync(join(root, source)), source).toBe(true);
      }
    }
    expect(compose.services.example?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://collector:4318');
    expect(compose.services.collector?.environment?.JAEGER_OTLP_GRPC_ENDPOINT).toMatch(/^jaeger:/);
    expect(compose.services.collector?.environment?.PROMETHEUS_OTLP_METRICS_URL).toBe('http://prometheus:9090/api/v1/otlp/v1/metrics');
    expect(read('stack/compose/alertmanager-targets.yml')).toMatch(/targets: \['alertmanager:9093'\]/);
  });

  it('runs the support page over Jaeger, token-protected, the address alerts link to', () => {
    const support = compose.services.support as { command?: string[]; ports?: string[] } | undefined;
    const command = support?.command ?? [];
    expect(command.slice(0, 3)).toEqual(['node', 'packages/cli/dist/cli.js', 'serve']);
    expect(command[command.indexOf('--jaeger') + 1]).toBe('http://jaeger:16686');
    expect(command[command.indexOf('--token') + 1]).toBe('auto');
    expect(support?.ports).toContain('16687:16687');
    expect(compose.services.prometheus?.environment?.FAULTLINE_SUPPORT_PAGE_URL).toBe('http://localhost:16687');
  });
});

describe('with the stack built', () => {
  const bin = (() => {
    try { return execFileSync(join(root, 'scripts/stack/build'), ['--print'], { encoding: 'utf8' }).trim(); } catch { return ''; }
  })();

  it.skipIf(!bin)('the built Collector accepts collector-config.yaml', () => {
    expect(() => execFileSync(join(bin, 'otelcol'), ['validate', '--config', join(root, 'collector-config.yaml')], { stdio: 'pipe' })).not.toThrow();
  });
});
