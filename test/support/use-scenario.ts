// One call per test file: starts a receiver before the tests, kills apps and clears the receiver after
// each test, closes it at the end. `start()` launches an app already pointed at the receiver.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startReceiver } from './otlp-receiver';
import type { OtlpReceiver } from './otlp-receiver';
import { startApp, stopAllApps } from './start-app';
import type { RunningApp, StartAppOptions } from './start-app';

export interface Scenario {
  readonly receiver: OtlpReceiver;
  start(options: StartAppOptions): Promise<RunningApp>;
}

export function useScenario(): Scenario {
  let receiver: OtlpReceiver | undefined;
  beforeAll(async () => { receiver = await startReceiver(); });
  afterEach(async () => {
    await stopAllApps();
    receiver?.clear();
  });
  afterAll(async () => {
    await stopAllApps();
    await receiver?.close();
  });
  const current = (): OtlpReceiver => {
    if (!receiver) throw new Error('useScenario(): the receiver starts in beforeAll; use it inside a test');
    return receiver;
  };
  return {
    get receiver() { return current(); },
    start: (options) => startApp({ endpoint: current().url, ...options }),
  };
}
