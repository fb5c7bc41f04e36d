// The benchmark tables in docs/benchmarks.md come from bench/results via `npm run bench:doc`.
import { describe, expect, it } from 'vitest';
import { renderResults, updateBenchDoc } from '../../bench/lib/update-bench-doc';
import { markdownTable } from '../../bench/lib/results';

const result = {
  bench: 'redact',
  command: 'npm run bench -- redact',
  date: '2026-01-02T03:04:05.000Z',
  node: 'v20.0.0',
  cpu: 'Test CPU',
  cores: 2,
  rows: [{ name: 'a | b', medianMicros: 1.234, p99Micros: 2, samples: 10 }],
};

describe('bench:doc', () => {
  it('renders rows as a Markdown table with readable headings and escaped cells', () => {
    expect(markdownTable(result.rows)).toBe(
      ['| name | median (µs) | p99 (µs) | samples |', '| --- | ---: | ---: | ---: |', '| a \\| b | 1.23 | 2 | 10 |'].join('\n'),
    );
  });

  it('replaces only the results block of the benchmarks page', () => {
    const readme = 'intro\n<!-- bench:results -->\nold\n<!-- /bench:results -->\noutro';
    const updated = updateBenchDoc(readme, [result]);
    expect(updated.startsWith('intro\n<!-- bench:results -->\n### `npm run bench -- redact`')).toBe(true);
    expect(updated).toContain('Measured 2026-01-02, Node v20.0.0, Test CPU (2 cores available).');
    expect(updated.endsWith('<!-- /bench:results -->\noutro')).toBe(true);
    expect(updated).not.toContain('old');
    expect(renderResults([])).toMatch(/No results yet/);
    expect(() => updateBenchDoc('no markers', [result])).toThrow(/bench:results/);
  });
});
