// Telemetry export never holds the process open: the app exits when its own work is done, and the
// bounded shutdown (lifecycle.ts) is the only wait. Two things in the OTLP/HTTP exporters would hold it:
// - their sockets: exporters get an agent whose sockets are unref'd (also when a kept-alive one is
//   reused, where Node's Agent refs it again: its own reuseSocket runs first, since it also takes off the
//   guard Node puts on an idle socket, which would otherwise destroy the socket when the reply to the
//   reused request arrives: the export fails with ECONNRESET and the retry sends the batch twice);
// - their retry timer (a refused or unreachable Collector is retried for up to OTEL_EXPORTER_OTLP_TIMEOUT,
//   10 s by default): the retrying transport's private `retry` is given an unref'd timer. Its shape is
//   checked first; a different version is left alone (reported once) and the shutdown bound still applies.
//   At shutdown a waiting retry is sent at once and none is scheduled after it.
import http from 'node:http';
import type { Agent } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { otlpCertificatesConfigured } from '../config';
import { warnOnce } from '../diag';

function unrefAgent<T extends Agent>(agent: T): T {
  const create = (agent as unknown as { createConnection: (...args: unknown[]) => Socket }).createConnection;
  const reuse = (agent as unknown as { reuseSocket: (socket: Socket, req: unknown) => void }).reuseSocket;
  Object.assign(agent, {
    createConnection(this: T, ...args: unknown[]): Socket {
      const socket = create.apply(this, args);
      socket.unref();
      return socket;
    },
    reuseSocket(this: T, socket: Socket, req: { reusedSocket: boolean }): void {
      reuse.call(this, socket, req);
      socket.unref();
    },
  });
  return agent;
}

/** `httpAgentOptions` for the OTLP exporters: one keep-alive agent per protocol, its sockets unref'd. */
export function exportAgentFactory(): (protocol: string) => Agent {
  const agents = new Map<string, Agent>();
  return (protocol: string) => {
    let agent = agents.get(protocol);
    if (agent === undefined) {
      agent = unrefAgent(protocol === 'http:' ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true }));
      agents.set(protocol, agent);
    }
    return agent;
  };
}

type Send = (data: unknown, timeoutMillis: number) => Promise<unknown>;
interface RetryingTransport { _transport: { send: Send }; retry(data: unknown, timeoutMillis: number, inMillis: number): Promise<unknown> }

const EXPORTERS = [
  '@opentelemetry/exporter-trace-otlp-proto', '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-logs-otlp-proto', '@opentelemetry/exporter-logs-otlp-http',
  '@opentelemetry/exporter-metrics-otlp-proto', '@opentelemetry/exporter-metrics-otlp-http',
];
let patched = false;
const pending = new Set<() => void>();
let finalAttempts = false;

/**
 * At shutdown: each export waiting to retry is sent once more now, and nothing is retried after that,
 * so a refused Collector costs one round trip instead of the backoff (an unreachable one: the bound).
 */
export function sendPendingRetriesNow(): void {
  finalAttempts = true;
  for (const fire of [...pending]) fire();
}

/** The retrying transport's prototype in the otlp-exporter-base copy `exporter` loads. */
function retryingTransportOf(exporter: string): Partial<RetryingTransport> | undefined {
  const fromExporter = createRequire(createRequire(__filename).resolve(exporter));
  const index = fromExporter.resolve('@opentelemetry/otlp-exporter-base');
  // 0.300+ ships one .cjs file per module beside its index (dist/index.cjs); older lines, .js files.
  const file = join(dirname(index), `retrying-transport${extname(index)}`);
  const { createRetryingTransport } = fromExporter(file) as {
    createRetryingTransport?: (options: { transport: unknown }) => object;
  };
  return createRetryingTransport === undefined ? undefined : Object.getPrototypeOf(createRetryingTransport({ transport: {} })) as Partial<RetryingTransport>;
}

/** Gives the exporters' retries an unref'd timer; once per process. */
export function unrefExportRetries(): void {
  if (patched) return;
  patched = true;
  for (const exporter of EXPORTERS) {
    try {
      const proto = retryingTransportOf(exporter);
      if (proto === undefined || typeof proto.retry !== 'function' || proto.retry.length !== 3) throw new TypeError('unexpected retrying transport');
      if (proto.retry.name === 'unrefRetry') continue;
      proto.retry = function unrefRetry(this: RetryingTransport, data: unknown, timeoutMillis: number, inMillis: number): Promise<unknown> {
        if (finalAttempts) return Promise.resolve({ status: 'failure', error: new Error('Export not retried: the process is shutting down') });
        return new Promise((resolve, reject) => {
          const fire = (): void => {
            clearTimeout(timer);
            pending.delete(fire);
            this._transport.send(data, timeoutMillis).then(resolve, reject);
          };
          const timer = setTimeout(fire, inMillis);
          timer.unref();
          pending.add(fire);
        });
      };
    } catch (error) {
      warnOnce('export-retries', 'export retries keep their own timer (bounded by OTEL_EXPORTER_OTLP_TIMEOUT)', error);
    }
  }
}

/** Options for every OTLP exporter (traces, logs, metrics) so none keeps the process waiting on the Collector. */
export function otlpOptions(): { httpAgentOptions?: ReturnType<typeof exportAgentFactory> } {
  unrefExportRetries();
  // With TLS files configured the exporters' own agent is kept: it is the one that reads them.
  return otlpCertificatesConfigured() ? {} : { httpAgentOptions: exportAgentFactory() };
}
