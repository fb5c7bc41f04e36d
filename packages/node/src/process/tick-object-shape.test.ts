import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keepTickObjectShape, keptTickObject } from './tick-object-shape';

const PRELOAD = require.resolve('@faultline/node/instrument');

// Bursts of ticks with a full collection after each (none alive then), then V8's feedback for nextTick.
const CHURN = `
const noop = () => {};
let round = 0;
function burst() {
  for (let i = 0; i < 300; i++) process.nextTick(noop, i);
  setImmediate(() => {
    globalThis.gc();
    if (++round < 12) burst();
    else new Function('f', '%DebugPrint(f)')(process.nextTick);
  });
}
setImmediate(burst);`;

/** The feedback slots of process.nextTick that V8 reports megamorphic after the churn. */
function megamorphicSlots(preload: readonly string[]): string[] {
  const result = spawnSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', ...preload, '-e', CHURN], {
    env: { PATH: process.env.PATH, OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status).toBe(0);
  // The print names the function and lists its slots; without them there would be nothing to check.
  expect(result.stdout).toMatch(/slot #\d+ \w+ MONOMORPHIC/);
  return [...result.stdout.matchAll(/slot #(\d+) (\w+) MEGAMORPHIC/g)].map((match) => `${match[1]} ${match[2]}`);
}

describe('the tick object kept alive', () => {
  it('is the tick object nextTick built for its callback', async () => {
    keepTickObjectShape();
    await new Promise<void>((resolve) => process.nextTick(resolve));
    const kept = keptTickObject() as Record<string, unknown> | undefined;
    expect(kept?.callback).toBeTypeOf('function');
    expect((kept?.callback as () => void).name).toBe('keepTickObject');
    expect(Object.getOwnPropertySymbols(kept).map((symbol) => symbol.description)).toContain('async_id_symbol');
  });

  it('keeps nextTick monomorphic through full collections that find no tick object alive', () => {
    expect(megamorphicSlots(['--require', PRELOAD])).toEqual([]);
    // Where nextTick builds the object with a literal (Node 22 and 24; Node 26 has a class), the same
    // churn without the preload does make it megamorphic: the scenario reproduces what the preload prevents.
    if (process.nextTick.toString().includes('const tickObject = {')) expect(megamorphicSlots([])).not.toEqual([]);
  });
});
