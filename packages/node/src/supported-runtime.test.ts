import { describe, expect, it } from 'vitest';
import { unsupportedRuntime } from './supported-runtime';

describe('unsupportedRuntime', () => {
  it('accepts Node 22.15 and later lines', () => {
    for (const version of ['22.15.0', '22.23.5', '24.0.0', '24.22.3', '26.12.1', '30.1.0']) expect(unsupportedRuntime(version), version).toBeUndefined();
  });

  it('names the floor for older ones', () => {
    for (const version of ['22.14.9', '20.20.2', '18.0.0']) expect(unsupportedRuntime(version)).toBe(`Node.js >= 22.15 is required (this is ${version})`);
  });

  it('matches the floor every package.json states', async () => {
    const { engines } = (await import('../package.json', { with: { type: 'json' } })).default as { engines: { node: string } };
    expect(engines.node).toBe('>=22.15');
    expect(unsupportedRuntime(process.versions.node)).toBeUndefined();
  });
});
