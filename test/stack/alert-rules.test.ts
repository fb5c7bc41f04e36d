// The alert rules and Prometheus's configuration, checked by Prometheus's own promtool (built with the
// stack): the config and rules load, and the rule unit tests in stack/alert-rules.test.yml pass (a new
// critical bug alerts at once and only while new, a frequent bug alerts, a failing route alerts, quiet
// ones do not). Also: Jaeger keeps traces on disk for a configurable retention, Alertmanager groups by bug.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('stack configuration files', () => {
  it('Jaeger stores traces in Badger on disk with a 7-day default retention, both configurable', () => {
    const jaeger = read('stack/jaeger.yaml');
    const config = parse(jaeger) as { extensions: { jaeger_storage: { backends: Record<string, { badger?: { ephemeral: boolean; ttl: { spans: string } } }> } } };
    const backends = Object.values(config.extensions.jaeger_storage.backends);
    expect(backends).toHaveLength(1);
    expect(backends[0]?.badger?.ephemeral).toBe(false);
    expect(backends[0]?.badger?.ttl.spans).toBe('${env:JAEGER_RETENTION:-168h}');
    expect(jaeger).toContain('${env:JAEGER_BADGER_DIR:-./jaeger-data}/keys');
  });

  it('Alertmanager makes one notification per bug and service', () => {
    const config = parse(read('stack/alertmanager.yml')) as { route: { group_by: string[] } };
    expect(config.route.group_by.sort()).toEqual(['faultline_fingerprint', 'job']);
  });
});

const bin = (() => {
  try { return execFileSync(join(root, 'scripts/stack/build'), ['--print'], { encoding: 'utf8' }).trim(); } catch { return ''; }
})();
const promtool = (...args: string[]) => execFileSync(join(bin, 'promtool'), args, { cwd: join(root, 'stack'), encoding: 'utf8', stdio: 'pipe' });

describe.skipIf(!bin)('with the stack built (promtool)', () => {
  it('the alert rules pass their unit tests', () => {
    expect(promtool('test', 'rules', 'alert-rules.test.yml')).toMatch(/SUCCESS/);
  });

  it('prometheus.yml and its rules load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-'));
    try {
      for (const file of ['prometheus.yml', 'alert-rules.yml']) copyFileSync(join(root, 'stack', file), join(dir, file));
      writeFileSync(join(dir, 'alertmanager-targets.yml'), read('stack/compose/alertmanager-targets.yml'));
      expect(promtool('check', 'config', join(dir, 'prometheus.yml'))).toMatch(/SUCCESS: 3 rules found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
