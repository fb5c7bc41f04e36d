// An in-process OTLP/HTTP receiver for scenario tests: collects exported spans and log records.
// JSON only: scenario apps export with OTEL_EXPORTER_OTLP_PROTOCOL=http/json (startApp sets it).
// Anything else (protobuf) is answered 415 and counted in `rejected`, so a test sees it instead of waiting.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeLogs, decodeTraces } from './otlp-decode';
import type { ExportedLog, ExportedSpan } from './otlp-decode';

export interface ReceivedRequest {
  readonly path: string;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw JSON text, for "this secret appears nowhere in the export" assertions. */
  readonly body: string;
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:43111 */
  readonly url: string;
  readonly spans: ExportedSpan[];
  readonly logs: ExportedLog[];
  readonly requests: ReceivedRequest[];
  /** Requests refused (unsupported content type or unparsable body). */
  readonly rejected: ReceivedRequest[];
  /** Everything received, as one string: `expect(receiver.rawText()).not.toContain(secret)`. */
  rawText(): string;
  /** Status the receiver answers with from now on (simulate a failing collector); 200 by default. */
  respondWith(status: number): void;
  /** How the receiver misbehaves from now on (a slow, hanging, lying or resetting Collector); `{}` is healthy. */
  misbehave(faults: ReceiverFaults): void;
  /** Forgets everything received and any misbehaviour. */
  clear(): void;
  close(): Promise<void>;
}

export interface ReceiverFaults {
  /** Milliseconds before each answer; what a request carries counts as received only once it is answered. */
  readonly delayMs?: number;
  /** Requests never answered (kept open, not counted as received): all of them, or those this picks. */
  readonly hang?: boolean | ((request: ReceivedRequest) => boolean);
  /** Body of the answer instead of `{}` (garbage, or a partial-success response). */
  readonly body?: string;
  /** Destroy the connection instead of answering (nothing counted as received). */
  readonly reset?: boolean;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** `port` 0 (the default) picks a free one; pass a former receiver's port to bring "the Collector" back. */
export async function startReceiver(options: { port?: number } = {}): Promise<OtlpReceiver> {
  const spans: ExportedSpan[] = [];
  const logs: ExportedLog[] = [];
  const requests: ReceivedRequest[] = [];
  const rejected: ReceivedRequest[] = [];
  let status = 200;
  let faults: ReceiverFaults = {};

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const contentType = String(req.headers['content-type'] ?? '');
      let raw = Buffer.concat(chunks);
      let record: ReceivedRequest = { path, contentType, headers: req.headers, body: '' };
      try {
        if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        record = { ...record, body: raw.toString('utf8') };
      } catch {
        // Left empty: rejected below.
      }
      const { delayMs = 0, hang = false, body = '{}', reset = false } = faults;
      if (reset) {
        req.socket.destroy();
        return;
      }
      if (hang === true || (typeof hang === 'function' && hang(record))) return;
      const answer = () => {
        try {
          if (!contentType.includes('json')) throw new Error(`unsupported content type ${contentType}`);
          const parsed: unknown = JSON.parse(record.body);
          if (path.endsWith('/v1/traces')) spans.push(...decodeTraces(parsed));
          else if (path.endsWith('/v1/logs')) logs.push(...decodeLogs(parsed));
          requests.push(record);
        } catch {
          rejected.push(record);
          res.writeHead(415, { 'content-type': 'application/json' }).end('{}');
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  // Exporters keep connections alive; close them with the server.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    logs,
    requests,
    rejected,
    rawText: () => requests.map((r) => r.body).join('\n') + rejected.map((r) => r.body).join('\n'),
    respondWith: (next) => { status = next; },
    misbehave: (next) => { faults = next; },
    clear: () => {
      faults = {};
      spans.length = 0;
      logs.length = 0;
      requests.length = 0;
      rejected.length = 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
