// `npm run bench:doc`: copies every bench/results/<name>.json (written by `npm run bench`) into
// docs/benchmarks.md, between its `<!-- bench:results -->` markers, as one table per benchmark with the
// command, date, Node version and CPU it was measured with.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable, readResults, type ResultFile } from './results';

const BENCH_DOC = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');
const START = '<!-- bench:results -->';
const END = '<!-- /bench:results -->';

function section(result: ResultFile): string {
  const when = result.date.slice(0, 10);
  return [
    `### \`${result.command}\``,
    '',
    `Measured ${when}, Node ${result.node}, ${result.cpu} (${result.cores} cores available${result.pinning === undefined ? '' : `; ${result.pinning}`}).`,
    '',
    markdownTable(result.rows),
  ].join('\n');
}

export function renderResults(results: readonly ResultFile[]): string {
  if (results.length === 0) return '_No results yet: run `npm run bench -- all`, then `npm run bench:doc`._';
  return results.map(section).join('\n\n');
}

export function updateBenchDoc(text: string, results: readonly ResultFile[]): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`docs/benchmarks.md has no ${START} … ${END} block`);
  return `${text.slice(0, start + START.length)}\n${renderResults(results)}\n${text.slice(end)}`;
}

if (require.main === module) {
  const results = readResults();
  writeFileSync(BENCH_DOC, updateBenchDoc(readFileSync(BENCH_DOC, 'utf8'), results));
  process.stdout.write(`docs/benchmarks.md: ${results.length} benchmark result(s) written\n`);
}
