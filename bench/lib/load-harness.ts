// What the load benchmarks (http-overhead, peers, failure-path) share: a local telemetry sink in a process
// of its own, autocannon load with the app's CPU time read from /proc around it, RSS from /proc, the median.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * What a sink counts as delivered failures: the distinct first groups of `pattern` (a regular expression
 * source, such as `order (\\d+) could not` for a message that numbers its failure) in bodies sent to paths under `path`.
 */
export interface FailureCounter {
  readonly path?: string;
  readonly pattern: string;
}

export interface Sink {
  readonly url: string;
  /** Failures counted so far (0 without a counter). */
  delivered(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts lib/sink-server.cjs, a telemetry sink on loopback in a process of its own that accepts
 * everything; with `counter`, it counts delivered failures.
 */
export async function startSink(counter?: FailureCounter): Promise<Sink> {
  const child = fork(path.join(__dirname, 'sink-server.cjs'), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { PATH: process.env.PATH, ...(counter ? { SINK_PATTERN: counter.pattern, SINK_PATH: counter.path ?? '' } : {}) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port?: number }) => (typeof message.port === 'number' ? resolve(message.port) : reject(new Error('sink: unexpected message'))));
    child.once('exit', (code) => reject(new Error(`sink exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    delivered: () => new Promise<number>((resolve) => {
      child.once('message', (message: { count?: number }) => resolve(message.count ?? Number.NaN));
      child.send('count');
    }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
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
