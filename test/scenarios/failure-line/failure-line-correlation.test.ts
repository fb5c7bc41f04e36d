// The failure line on stdout under the preload, where instrumentation-pino is active: it carries the
// failure's trace_id, span_id and trace_flags once, written by Faultline's own formatter after the
// failure fields (instrumentation-pino's mixin, which would put a copy first, is off on Faultline's loggers).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario, waitFor } from '../../support';

const scenario = useScenario();
const APP = path.resolve(__dirname, '../../apps/express4/app.cjs');

function failureLine(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.split('\n').find((text) => text.includes('"faultline.source"'));
  return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
}

describe('the failure line under the preload', () => {
  it('carries valid correlation fields after the failure fields', async () => {
    const app = await scenario.start({ entry: APP, mode: 'require' });
    const answer = await fetch(`${app.url}/sync-throw`, { signal: AbortSignal.timeout(2000) });
    expect(answer.status).toBe(500);
    const line = await waitFor(() => failureLine(app.stdout()), { timeoutMs: 5000, message: 'no failure line on stdout' });
    expect(line['trace_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(line['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(line['trace_flags']).toBe('01');
    const keys = Object.keys(line);
    expect(keys.indexOf('trace_id')).toBeGreaterThan(keys.indexOf('faultline.source'));
    expect(keys.indexOf('span_id')).toBeGreaterThan(keys.indexOf('exception.type'));
  });
});
