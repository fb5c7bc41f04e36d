// storm-gc reads V8's --trace-gc-nvp lines: only scavenges count, with their survivors, promotion and capacity.
import { describe, expect, it } from 'vitest';
import { scavengesIn } from '../../bench/storm-gc.bench';

const scavenge = '[1:0x1:0]  25 ms: pause=1.4 mutator=19.4 gc=s reduce_memory=0 allocated=5000784 promoted=764408 new_space_survived=613624 nodes_promoted=0 new_space_capacity=1048576 old_gen_allocation_limit=1';
const markCompact = '[1:0x1:0]  90 ms: pause=9.0 mutator=50.0 gc=mc reduce_memory=0 promoted=5 new_space_survived=7 new_space_capacity=9';

describe('storm-gc', () => {
  it('takes each scavenge line and skips mark-compacts and the app\'s own output', () => {
    const log = [scavenge, '{"level":50,"msg":"x gc=s order 1 could not be saved"}', markCompact, scavenge.replace('613624', '1000')].join('\n');
    expect(scavengesIn(log)).toEqual([
      { survived: 613624, promoted: 764408, capacity: 1048576 },
      { survived: 1000, promoted: 764408, capacity: 1048576 },
    ]);
  });
});
