// install-size: what a fresh app's node_modules holds after installing Faultline as a user does (`npm pack`
// of the workspaces, then `npm install` of the tarball), beside a plain OpenTelemetry install: the SDK
// alone (`@opentelemetry/sdk-node`), and the SDK with what the benchmarks' plain preload uses (HTTP and
// Express instrumentations, the OTLP/HTTP trace exporter). Size is `du -sk node_modules`. Needs
// `npx tsc --build` and the npm registry. `npm run bench -- install-size`.
import { rmSync } from 'node:fs';
import { installApp, installFaultlineApp, measureInstall } from './lib/packed-install';

interface InstallRow {
  readonly install: string;
  readonly packages: number;
  readonly nodeModulesMb: number;
  readonly openTelemetryMb: number;
  /** Packages installed in more than one copy. */
  readonly duplicated: string;
}

const PLAIN_SDK = { '@opentelemetry/api': '^1.10.0', '@opentelemetry/sdk-node': '^0.301.2' };
const PLAIN_PRELOAD = {
  ...PLAIN_SDK,
  '@opentelemetry/instrumentation-http': '^0.301.2',
  '@opentelemetry/instrumentation-express': '^0.72.0',
  '@opentelemetry/exporter-trace-otlp-http': '^0.301.2',
};

function measured(install: string, dir: string): InstallRow {
  try {
    const stats = measureInstall(dir);
    const duplicated = Object.entries(stats.duplicates).map(([name, versions]) => `${name} ×${versions.length}`).join(', ');
    return { install, packages: stats.packages, nodeModulesMb: stats.nodeModulesMb, openTelemetryMb: stats.openTelemetryMb, duplicated: duplicated || 'none' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function run(): Promise<InstallRow[]> {
  return Promise.resolve([
    measured('@faultline/node (packed)', installFaultlineApp()),
    measured('plain @opentelemetry/sdk-node', installApp(PLAIN_SDK)),
    measured('plain sdk-node + instrumentation-http, -express + OTLP/HTTP trace exporter', installApp(PLAIN_PRELOAD)),
  ]);
}
