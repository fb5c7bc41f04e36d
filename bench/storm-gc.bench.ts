// storm-gc: why an error storm grows the heap. Each variant runs the peers app (apps/peers/app.cjs)
// alone under `--trace-gc-nvp`, gets /fail for BENCH_STORM_S seconds (15) at 50 connections, and V8's
// own account of each young-generation collection (scavenge) is read back: how much survived it, how
// much was promoted to the old space, and how large the young generation ended. V8 doubles the young
// generation whenever the bytes surviving since it last grew exceed its size, so the survivors per
// failure decide the storm's RSS growth, not the allocation rate. Variants: uninstrumented, plain
// OpenTelemetry, the OpenTelemetry floor (apps/peers/otel-floor-preload.cjs: a bare SDK span per request)
// and Faultline exporting to a local sink, and each with nothing exported (what its recording path alone
// leaves). `npm run bench -- storm-gc`; needs `npx tsc --build`. Loopback only.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, closeSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listeningPort } from './lib/listening-port';
import { load, rssMb, startSink } from './lib/load-harness';

const APP = path.join(__dirname, 'apps', 'peers', 'app.cjs');
const OTEL_PRELOAD = path.join(__dirname, 'apps', 'http-overhead', 'otel-preload.cjs');
const OTEL_RECORD_ONLY = path.join(__dirname, 'apps', 'storm-gc', 'otel-record-only-preload.cjs');
const OTEL_FLOOR = path.join(__dirname, 'apps', 'peers', 'otel-floor-preload.cjs');
const NOTHING_EXPORTED = { OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', FAULTLINE_LOG_STDOUT: 'false' };

const VARIANTS = [
  { name: 'uninstrumented', nodeArgs: [], env: {} },
  { name: 'opentelemetry', nodeArgs: ['--require', OTEL_PRELOAD], env: {} },
  { name: 'opentelemetry floor', nodeArgs: ['--require', OTEL_FLOOR], env: {} },
  { name: 'faultline', nodeArgs: ['--require', '@faultline/node/instrument'], env: {} },
  { name: 'opentelemetry, nothing exported', nodeArgs: ['--require', OTEL_RECORD_ONLY], env: { OTEL_TRACES_EXPORTER: 'none' } },
  { name: 'opentelemetry floor, nothing exported', nodeArgs: ['--require', OTEL_FLOOR], env: { OTEL_TRACES_EXPORTER: 'none' } },
  { name: 'faultline, nothing exported', nodeArgs: ['--require', '@faultline/node/instrument'], env: NOTHING_EXPORTED },
] as const;

export interface StormGcRow {
  readonly variant: string;
  readonly failures: number;
  readonly scavenges: number;
  readonly survivedMbPerScavenge: number;
  /** Bytes that outlived a scavenge, per failure answered. */
  readonly survivedBytesPerFailure: number;
  readonly promotedMb: number;
  /** The young generation's capacity after the storm's last scavenge. */
  readonly youngGenerationMb: number;
  readonly rssGrowthMb: number;
  readonly rssAfterMb: number;
}

interface Scavenge { readonly survived: number; readonly promoted: number; readonly capacity: number }

/** V8's line for one collection: `[pid:isolate:thread]  <ms> ms: pause=… gc=<kind> …`; `gc=s` is a scavenge. */
const SCAVENGE_LINE = /^\[\d+:0x[0-9a-f]+:\d+\]\s+[\d.]+ ms: .* gc=s /;

/** The scavenges in a `--trace-gc-nvp` log, among whatever else the app wrote to stdout. */
export function scavengesIn(log: string): Scavenge[] {
  const field = (line: string, key: string) => Number(new RegExp(`\\b${key}=(\\d+)`).exec(line)?.[1] ?? Number.NaN);
  return log.split('\n').filter((line) => SCAVENGE_LINE.test(line)).map((line) => ({
    survived: field(line, 'new_space_survived'),
    promoted: field(line, 'promoted'),
    capacity: field(line, 'new_space_capacity'),
  }));
}

async function measure(variant: (typeof VARIANTS)[number], seconds: number, connections: number, dir: string): Promise<StormGcRow> {
  const sink = await startSink();
  const logFile = path.join(dir, `${variant.name.replace(/\W+/g, '-')}.log`);
  // GC lines and the app's own stdout (Faultline's failure lines) go to a file, read once the storm is over.
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...variant.nodeArgs, '--trace-gc-nvp', APP], {
    cwd: path.dirname(APP),
    stdio: ['ignore', out, 'ignore', 'ipc'],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', OTEL_SERVICE_NAME: 'bench-storm-gc', OTEL_METRICS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, ...variant.env },
  });
  closeSync(out);
  try {
    const url = `http://127.0.0.1:${await listeningPort(child, variant.name)}/fail`;
    await load(child, url, 2, connections);
    const from = statSync(logFile).size;
    const rssBefore = rssMb(child.pid);
    const { requests } = await load(child, url, seconds, connections);
    const rssAfter = rssMb(child.pid);
    const scavenges = scavengesIn(readFileSync(logFile).subarray(from).toString('latin1'));
    const survived = scavenges.reduce((sum, s) => sum + s.survived, 0);
    return {
      variant: variant.name,
      failures: requests,
      scavenges: scavenges.length,
      survivedMbPerScavenge: survived / Math.max(1, scavenges.length) / 1e6,
      survivedBytesPerFailure: survived / Math.max(1, requests),
      promotedMb: scavenges.reduce((sum, s) => sum + s.promoted, 0) / 1e6,
      youngGenerationMb: (scavenges.at(-1)?.capacity ?? Number.NaN) / 1e6,
      rssGrowthMb: rssAfter - rssBefore,
      rssAfterMb: rssAfter,
    };
  } finally {
    child.kill('SIGKILL');
    await sink.close();
  }
}

export async function run(): Promise<StormGcRow[]> {
  const seconds = Number(process.env.BENCH_STORM_S ?? 15);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faultline-storm-gc-'));
  try {
    const rows: StormGcRow[] = [];
    for (const variant of VARIANTS) rows.push(await measure(variant, seconds, connections, dir));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatTable(rows: readonly StormGcRow[]): string {
  return [
    '| variant | failures | scavenges | survived per scavenge | survived per failure | promoted | young generation after | RSS growth | RSS after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.variant} | ${r.failures} | ${r.scavenges} | ${r.survivedMbPerScavenge.toFixed(2)} MB | ${r.survivedBytesPerFailure.toFixed(0)} B | ${r.promotedMb.toFixed(0)} MB | ${r.youngGenerationMb.toFixed(0)} MB | +${r.rssGrowthMb.toFixed(0)} MB | ${r.rssAfterMb.toFixed(0)} MB |`),
  ].join('\n');
}
