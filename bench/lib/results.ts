// Where benchmark results live (`bench/results/<name>.json`) and how they print as a table. The
// runner writes them; `npm run bench:doc` copies them into docs/benchmarks.md.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { availableCores, pinningNote } from './cpu-pinning';

export const RESULTS_DIR = path.join(__dirname, '..', 'results');

export interface ResultFile {
  readonly bench: string;
  readonly command: string;
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  /** Load benchmarks: whether the app and the load generator had a core each (lib/cpu-pinning.ts). */
  readonly pinning?: string;
  readonly rows: ReadonlyArray<Record<string, unknown>>;
}

/**
 * BENCH_TAG (say `node22`) writes `<bench>.<tag>.json` beside the untagged result, so one benchmark's
 * figures on another runtime sit next to the main ones in docs/benchmarks.md.
 */
export function writeResults(bench: string, rows: ReadonlyArray<Record<string, unknown>>, tag = process.env.BENCH_TAG): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const name = tag ? `${bench}.${tag}` : bench;
  const file: ResultFile = {
    bench: name,
    command: `${tag ? `BENCH_TAG=${tag} ` : ''}npm run bench -- ${bench}`,
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableCores(),
    ...(pinningNote() === undefined ? {} : { pinning: pinningNote() }),
    rows,
  };
  const target = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
  return target;
}

export function readResults(): ResultFile[] {
  let names: string[] = [];
  try {
    names = readdirSync(RESULTS_DIR).filter((name) => name.endsWith('.json') && !name.endsWith('.tmp.json'));
  } catch {
    return [];
  }
  return names.sort().map((name) => JSON.parse(readFileSync(path.join(RESULTS_DIR, name), 'utf8')) as ResultFile);
}

function cell(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value ?? '').replace(/\|/g, '\\|');
}

const HEADINGS: Readonly<Record<string, string>> = {
  medianMicros: 'median (µs)',
  p99Micros: 'p99 (µs)',
  nodeModulesMb: 'node_modules MB (du)',
  openTelemetryMb: '@opentelemetry MB',
  medianMs: 'median ms',
  p90Ms: 'p90 ms',
  addedMs: 'added ms (median)',
  cpuMs: 'CPU ms (median)',
  addedCpuMs: 'added CPU ms',
  minCpuMs: 'least CPU ms',
  addedMinCpuMs: 'added, least CPU ms',
};

/** A Markdown table of result rows, columns in the order of the first row's keys. */
export function markdownTable(rows: ReadonlyArray<Record<string, unknown>>): string {
  if (rows.length === 0) return '_no results_';
  const columns = Object.keys(rows[0] as Record<string, unknown>);
  const head = `| ${columns.map((c) => HEADINGS[c] ?? c).join(' | ')} |`;
  const rule = `| ${columns.map((_column, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`;
  const body = rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}
