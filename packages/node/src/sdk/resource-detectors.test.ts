import { describe, expect, it } from 'vitest';
import { detectResource, resourceDetectors } from './resource-detectors';

describe('detectResource', () => {
  it('uses env, process and host by default, on top of the SDK default resource', () => {
    const attributes = detectResource().attributes;
    expect(attributes).toMatchObject({ 'telemetry.sdk.language': 'nodejs', 'process.pid': process.pid });
    expect(typeof attributes['host.name']).toBe('string');
    expect(attributes['service.instance.id']).toBeUndefined();
  });

  it('follows OTEL_NODE_RESOURCE_DETECTORS names: none, and serviceinstance only when asked', () => {
    expect(resourceDetectors(['none', 'env'])).toEqual([]);
    expect(detectResource(['none']).attributes['process.pid']).toBeUndefined();
    expect(typeof detectResource(['serviceinstance']).attributes['service.instance.id']).toBe('string');
    expect(resourceDetectors(['all'])).toHaveLength(5);
    expect(resourceDetectors(['env', 'env'])).toHaveLength(1);
  });
});
