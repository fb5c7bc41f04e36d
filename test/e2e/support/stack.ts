// Starts a private copy of the local stack (Collector, Jaeger, Prometheus, Alertmanager) for one e2e test file: its
// own run directory, free loopback ports, and a webhook receiver that records Alertmanager's
// notifications. Builds the stack first if the cache lacks it (scripts/stack/build; CI builds it earlier).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../../..');
const stackScript = (name: string) => join(repoRoot, 'scripts', 'stack', name);

/** The FAULTLINE_STACK_*_PORT variables read by scripts/stack/ports.sh. */
const PORT_VARIABLES = [
  'OTLP_GRPC', 'OTLP_HTTP', 'COLLECTOR_HEALTH', 'COLLECTOR_METRICS', 'JAEGER_OTLP_GRPC', 'JAEGER_OTLP_HTTP',
  'JAEGER_QUERY', 'JAEGER_QUERY_GRPC', 'JAEGER_HEALTH', 'JAEGER_METRICS', 'PROMETHEUS', 'ALERTMANAGER',
] as const;

export interface AlertNotification {
  readonly status: string;
  readonly groupLabels: Record<string, string>;
  readonly alerts: ReadonlyArray<{ labels: Record<string, string>; annotations: Record<string, string> }>;
}

export interface Stack {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP). */
  readonly otlpEndpoint: string;
  readonly jaegerUrl: string;
  /** Jaeger's own OTLP/HTTP receiver (to load traces straight into it, bypassing the Collector). */
  readonly jaegerOtlpEndpoint: string;
  readonly alertmanagerUrl: string;
  readonly prometheusUrl: string;
  /** The Collector's log-record sink (JSON lines). */
  readonly logFile: string;
  /** Notifications Alertmanager sent to this file's webhook receiver, in arrival order. */
  readonly notifications: AlertNotification[];
  readCollectorLogFile(): Promise<string>;
  stopCollector(): Promise<void>;
  startCollector(): Promise<void>;
  stopJaeger(): Promise<void>;
  /** Stops every part and starts them again on the same ports and data (Jaeger's and Prometheus's). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Free loopback ports, all held open together so none is handed out twice, then released. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<Server>((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => done(server));
  })));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

function startWebhook(notifications: AlertNotification[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      try { notifications.push(JSON.parse(body) as AlertNotification); } catch { /* not JSON: ignore */ }
      res.end('ok');
    });
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Builds the stack if needed (slow only the first time on a machine) and prints where it is. */
export async function ensureStackBuilt(): Promise<string> {
  const { stdout } = await run(stackScript('build'), [], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n').pop() ?? '';
}

export async function startStack(): Promise<Stack> {
  await ensureStackBuilt();
  const runDir = await mkdtemp(join(tmpdir(), 'faultline-e2e-'));
  const notifications: AlertNotification[] = [];
  const webhook = await startWebhook(notifications);
  const ports = await freePorts(PORT_VARIABLES.length);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FAULTLINE_STACK_RUN_DIR: runDir,
    FAULTLINE_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts`,
  };
  PORT_VARIABLES.forEach((name, i) => { env[`FAULTLINE_STACK_${name}_PORT`] = String(ports[i]); });
  const port = (name: (typeof PORT_VARIABLES)[number]) => ports[PORT_VARIABLES.indexOf(name)];

  const script = async (name: 'start' | 'stop', ...parts: string[]) => {
    await run(stackScript(name), parts, { env, timeout: 120_000 });
  };
  const logFile = join(runDir, 'collector-logs.jsonl');
  try {
    await script('start');
  } catch (error) {
    await script('stop').catch(() => undefined);
    webhook.close();
    throw error;
  }

  return {
    otlpEndpoint: `http://127.0.0.1:${port('OTLP_HTTP')}`,
    jaegerUrl: `http://127.0.0.1:${port('JAEGER_QUERY')}`,
    jaegerOtlpEndpoint: `http://127.0.0.1:${port('JAEGER_OTLP_HTTP')}`,
    alertmanagerUrl: `http://127.0.0.1:${port('ALERTMANAGER')}`,
    prometheusUrl: `http://127.0.0.1:${port('PROMETHEUS')}`,
    logFile,
    notifications,
    readCollectorLogFile: () => readFile(logFile, 'utf8').catch(() => ''),
    stopCollector: () => script('stop', 'collector'),
    startCollector: () => script('start', 'collector'),
    stopJaeger: () => script('stop', 'jaeger'),
    async restart() {
      await script('stop');
      await script('start');
    },
    async stop() {
      await script('stop');
      webhook.close();
      webhook.closeAllConnections();
      await rm(runDir, { recursive: true, force: true });
    },
  };
}
