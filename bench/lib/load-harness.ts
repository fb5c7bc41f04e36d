// What the load benchmarks (http-overhead, peers) share: a local telemetry sink, autocannon load with the
// app's CPU time read from /proc around it, RSS from /proc, and the median.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import autocannon from 'autocannon';

export interface Measurement {
  readonly reqPerSec: number;
  readonly p99Ms: number;
  /** CPU time (user + system, all threads) the app spent per request. */
  readonly cpuMicrosPerRequest: number;
  readonly requests: number;
}

export function rssMb(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** User + system CPU of a process and all its threads, in ms (Linux /proc; NaN elsewhere). */
export function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Counts the failures one request body to the sink carries (decompressed), by the peer's own format. */
export type FailureCounter = (path: string, body: Buffer) => number;

export interface Sink {
  readonly url: string;
  /** Failures counted so far (0 without a counter). */
  delivered(): number;
  close(): Promise<void>;
}

function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

/**
 * A telemetry sink on loopback that accepts everything (an empty protobuf answer for protobuf, `{}` for
 * the rest), so exporting costs what it costs in production; with `count`, it counts delivered failures.
 */
export async function startSink(count?: FailureCounter): Promise<Sink> {
  let delivered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => { if (count) chunks.push(chunk); });
    req.on('end', () => {
      if (count) {
        try {
          delivered += count(req.url ?? '/', decoded(Buffer.concat(chunks), req.headers['content-encoding']));
        } catch {
          // A body the counter cannot read counts nothing.
        }
      }
      const protobuf = (req.headers['content-type'] ?? '').includes('protobuf');
      res.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' }).end(protobuf ? undefined : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    delivered: () => delivered,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Occurrences of `needle` in `body`. */
export function occurrences(body: Buffer, needle: string): number {
  let found = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, at + needle.length)) found += 1;
  return found;
}

/** Loads `url` for `durationSeconds` and reads the app's CPU time around it. */
export async function load(child: ChildProcess, url: string, durationSeconds: number, connections: number): Promise<Measurement> {
  const cpuBefore = cpuMs(child.pid);
  const result = await autocannon({ url, connections, duration: durationSeconds, timeout: 10 });
  const cpu = cpuMs(child.pid) - cpuBefore;
  return {
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    cpuMicrosPerRequest: (cpu * 1000) / Math.max(1, result.requests.total),
    requests: result.requests.total,
  };
}
