// One private stack and one example service per e2e test file, started before its tests and stopped after.
import { afterAll, beforeAll } from 'vitest';
import type { RunningApp } from '../../support';
import { startExample } from './example';
import { startStack } from './stack';
import type { Stack } from './stack';

/** Room for the one-time stack build when the cache is empty (CI builds it before the tests). */
const SETUP_TIMEOUT_MS = 45 * 60_000;

export interface E2e {
  readonly stack: Stack;
  readonly app: RunningApp;
}

export function useStack(serviceName: string, appEnv: Record<string, string> = {}): E2e {
  let stack: Stack | undefined;
  let app: RunningApp | undefined;
  beforeAll(async () => {
    stack = await startStack();
    app = await startExample(stack, serviceName, appEnv);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await app?.stop('SIGTERM', 10_000);
    await stack?.stop();
  }, 60_000);
  return {
    get stack() { if (!stack) throw new Error('stack not started'); return stack; },
    get app() { if (!app) throw new Error('example service not started'); return app; },
  };
}
