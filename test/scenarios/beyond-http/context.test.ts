// An uncaught exception thrown by a timer or microtask a task scheduled, or by the 'error' event of a
// socket it created with no listener, is recorded in that task's trace: the record says which run it
// came from (its run ID), before Node's default behaviour (exit with code 1) applies.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';

const scenario = useScenario();

describe.each([
  { name: 'timer', message: 'timer callback failed' },
  { name: 'microtask', message: 'microtask callback failed' },
  { name: 'socket', message: 'connect ECONNREFUSED 127.0.0.1:1' },
])('a $name failure after a task scheduled it', ({ name, message }) => {
  it('is recorded as an uncaught exception in the task\'s trace, with its run ID', async () => {
    const app = await scenario.start({ entry: path.join(__dirname, 'context-app.cjs'), mode: 'require', env: { APP_CASE: name } });
    expect((await app.exited).code).toBe(1);
    const task = await waitFor(() => scenario.receiver.spans.find((s) => s.name === 'import-orders'));
    const crash = await waitFor(() => scenario.receiver.spans.find((s) => s.name === 'uncaughtException'));
    expect(crash.events.find((e) => e.name === 'exception')?.attributes['exception.message']).toBe(message);
    expect(crash.traceId).toBe(task.traceId);
    expect(crash.attributes['faultline.request_id']).toBe(task.attributes['faultline.request_id']);
  });
});
