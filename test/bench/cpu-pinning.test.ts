// The load benchmarks pin the app and the load generator to the first two cores the process may use.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCpuList } from '../../bench/lib/cpu-pinning';
import { updateBenchDoc } from '../../bench/lib/update-bench-doc';

describe('cpu pinning', () => {
  it('reads the CPU lists taskset prints, ranges and single cores, in order', () => {
    expect(parseCpuList('0,1\n')).toEqual([0, 1]);
    expect(parseCpuList(' 2-4,7')).toEqual([2, 3, 4, 7]);
    expect(parseCpuList('5')).toEqual([5]);
    expect(parseCpuList('0-1,x')).toEqual([]);
    expect(parseCpuList('')).toEqual([]);
  });

  it('says in the benchmarks page how a run was pinned', () => {
    const result = { bench: 'peers', command: 'npm run bench -- peers', date: '2026-01-02T03:04:05.000Z', node: 'v24.0.0', cpu: 'Test CPU', cores: 2, pinning: 'app on core 0, load generator and sinks on core 1', rows: [{ name: 'a' }] };
    const page = updateBenchDoc('<!-- bench:results -->\n<!-- /bench:results -->', [result]);
    expect(page).toContain('Measured 2026-01-02, Node v24.0.0, Test CPU (2 cores available; app on core 0, load generator and sinks on core 1).');
  });

  it('records the cores the machine had, not the one a pinned benchmark kept for itself', () => {
    // In a child: pinning this test's own process would slow every test after it.
    const script = `const pinning = require(${JSON.stringify(path.join(__dirname, '..', '..', 'bench', 'lib', 'cpu-pinning.ts'))});
      const pinned = pinning.pinLoadGenerator();
      process.stdout.write(JSON.stringify({ pinned, recorded: pinning.availableCores(), own: require('node:os').availableParallelism() }));`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    const { pinned, recorded, own } = JSON.parse(result.stdout) as { pinned: boolean; recorded: number; own: number };
    expect(recorded).toBe(os.availableParallelism());
    // Pinned (Linux, taskset, two cores or more), the benchmark itself has one core left.
    if (pinned) expect(own).toBe(1);
    else expect(own).toBe(recorded);
  });
});
