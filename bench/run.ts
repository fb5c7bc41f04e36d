// The benchmark runner: `npm run bench -- <name>` runs `bench/<name>.bench.ts`, `npm run bench -- all`
// (or no name) runs every one, each in turn. A bench file exports `run(options)` resolving to rows
// (see lib/measure.ts) and may export `formatTable(rows)`; the runner prints the rows and writes
// them to bench/results/<name>.json. `BENCH_TIME_MS` sets the measuring time per case.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { markdownTable, writeResults } from './lib/results';

interface BenchModule {
  run(options?: { timeMs?: number }): Promise<ReadonlyArray<Record<string, unknown>>>;
  formatTable?(rows: ReadonlyArray<Record<string, unknown>>): string;
}

const available = readdirSync(__dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();

async function runOne(name: string): Promise<void> {
  const module = (await import(path.join(__dirname, `${name}.bench.ts`))) as BenchModule;
  if (typeof module.run !== 'function') throw new Error(`bench/${name}.bench.ts does not export run()`);
  const timeMs = process.env.BENCH_TIME_MS ? Number(process.env.BENCH_TIME_MS) : undefined;
  console.log(`\n== ${name}`);
  const rows = await module.run(timeMs === undefined ? {} : { timeMs });
  console.log(module.formatTable ? module.formatTable(rows) : markdownTable(rows));
  console.log(`(written to ${path.relative(process.cwd(), writeResults(name, rows))})`);
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((arg) => arg !== '--');
  const names = asked.length === 0 || asked.includes('all') ? available : asked;
  const unknown = names.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')} (available: ${available.join(', ')}, all)`);
    process.exitCode = 2;
    return;
  }
  for (const name of names) await runOne(name);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
