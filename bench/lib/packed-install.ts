// Installs an app the way a user does, in a fresh temporary directory: Faultline from `npm pack` of the
// workspaces (the tarballs npm would publish), or a plain OpenTelemetry app for comparison; then measures
// what landed in node_modules (`du`, package count, the OpenTelemetry share) and which packages are
// installed more than once. Used by bench/install-size.bench.ts and test/install/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const INSTALL_TIMEOUT_MS = 300_000;

export interface InstallStats {
  /** Installed packages (each copy counted). */
  readonly packages: number;
  /** `du -sk node_modules`, in MB. */
  readonly nodeModulesMb: number;
  readonly openTelemetryMb: number;
  /** Package names installed more than once, with their versions. */
  readonly duplicates: Readonly<Record<string, readonly string[]>>;
}

function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', [...args], { cwd, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `npm pack` of @faultline/core and @faultline/node (built first with `tsc --build`) into `dir`. */
export function packFaultline(dir: string): { core: string; node: string } {
  const packed = JSON.parse(npm(['pack', '--json', '--workspace', 'packages/core', '--workspace', 'packages/node', '--pack-destination', dir], ROOT)) as { name: string; filename: string }[];
  const file = (name: string) => path.join(dir, packed.find((entry) => entry.name === name)?.filename ?? `${name} was not packed`);
  return { core: file('@faultline/core'), node: file('@faultline/node') };
}

/** A fresh app in a temporary directory with these dependencies installed from the registry (and tarballs). */
export function installApp(dependencies: Readonly<Record<string, string>>, overrides: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faultline-install-'));
  const manifest = { name: 'install-probe', version: '1.0.0', private: true, dependencies, overrides };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
  return dir;
}

/** An app with the packed @faultline/node (and its @faultline/core), as a user installs it. */
export function installFaultlineApp(): string {
  const packs = mkdtempSync(path.join(os.tmpdir(), 'faultline-pack-'));
  try {
    const { core, node } = packFaultline(packs);
    // @faultline/core is not on the registry here: the app points the dependency at the tarball.
    return installApp({ '@faultline/node': `file:${node}` }, { '@faultline/core': `file:${core}` });
  } finally {
    rmSync(packs, { recursive: true, force: true });
  }
}

/** Every installed package directory: name, version and where. */
function installedPackages(nodeModules: string): { name: string; version: string; dir: string }[] {
  const found: { name: string; version: string; dir: string }[] = [];
  const visit = (modulesDir: string) => {
    let entries: string[] = [];
    try {
      entries = readdirSync(modulesDir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const dirs = entry.startsWith('@') ? readdirSync(path.join(modulesDir, entry)).map((name) => path.join(modulesDir, entry, name)) : [path.join(modulesDir, entry)];
      for (const dir of dirs) {
        try {
          const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
          found.push({ name: manifest.name, version: manifest.version, dir });
        } catch {
          continue;
        }
        visit(path.join(dir, 'node_modules'));
      }
    }
  };
  visit(nodeModules);
  return found;
}

const duMb = (dir: string) => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;

export function measureInstall(appDir: string): InstallStats {
  const nodeModules = path.join(appDir, 'node_modules');
  const installed = installedPackages(nodeModules);
  const byName = new Map<string, string[]>();
  for (const { name, version } of installed) byName.set(name, [...(byName.get(name) ?? []), version]);
  const duplicates = Object.fromEntries([...byName].filter(([, versions]) => versions.length > 1));
  const otelDirs = installed.filter(({ name }) => name.startsWith('@opentelemetry/')).map(({ dir }) => dir);
  return {
    packages: installed.length,
    nodeModulesMb: duMb(nodeModules),
    openTelemetryMb: otelDirs.length === 0 ? 0 : Number(execFileSync('du', ['-skc', ...otelDirs], { encoding: 'utf8' }).trim().split('\n').at(-1)?.split('\t')[0]) / 1024,
    duplicates,
  };
}

/** Versions per package name in `npm ls --all --json` of the app (deduped entries included). */
export function npmLsVersions(appDir: string): Map<string, Set<string>> {
  const tree = JSON.parse(npm(['ls', '--all', '--json'], appDir)) as Dependency;
  const versions = new Map<string, Set<string>>();
  const walk = (node: Dependency) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version !== undefined) versions.set(name, (versions.get(name) ?? new Set()).add(child.version));
      walk(child);
    }
  };
  walk(tree);
  return versions;
}

interface Dependency { version?: string; dependencies?: Record<string, Dependency> }
