// Security events: user identifiers become keyed hashes, never the raw value; the rest of the event stays.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedactor } from '@faultline/core';
import { buildConfig } from '../config';
import { setRuntime } from '../runtime';
import { hashIdentifier, securityRecord } from './security-event';

const FAKE_KEY = 'fake-hash-key-for-tests-only-000';
const useKey = (hashKey?: string) =>
  setRuntime({ config: buildConfig({ hashKey }, {}), redactor: createRedactor(), sdkStarted: false });

afterEach(() => setRuntime(undefined));

describe('securityRecord', () => {
  it('replaces user identifiers at any depth by HMAC-SHA256 with the configured key', () => {
    useKey(FAKE_KEY);
    const record = securityRecord('login.failed', {
      username: 'ann.example',
      email: 'ann@example.test',
      userId: 4211,
      reason: 'bad_password',
      attempt: 3,
      actor: { account_id: 'acc-77', role: 'admin' },
      request: { ip: '203.0.113.9', userEmail: 'ann@example.test' },
    });
    const expected = (value: string) => `hmac-sha256:${createHmac('sha256', FAKE_KEY).update(value).digest('hex').slice(0, 32)}`;
    expect(record).toEqual({
      'event.name': 'login.failed',
      'event.category': 'security',
      username: expected('ann.example'),
      email: expected('ann@example.test'),
      userId: expected('4211'),
      reason: 'bad_password',
      attempt: 3,
      actor: { account_id: expected('acc-77'), role: expected('admin') },
      request: { ip: '203.0.113.9', userEmail: expected('ann@example.test') },
    });
    expect(JSON.stringify(record)).not.toContain('ann.example');
  });

  it('hashes the same identifier alike whatever its case or surrounding spaces', () => {
    useKey(FAKE_KEY);
    expect(hashIdentifier(' Ann@Example.test ')).toBe(hashIdentifier('ann@example.test'));
    expect(hashIdentifier('ann')).not.toBe(hashIdentifier('bob'));
  });

  it('without a key still never writes the raw value (a per-process random key)', () => {
    useKey(undefined);
    const record = securityRecord('password.reset', { user: 'bob.example' });
    expect(record.user).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    // Stable within the process, so events of one user still correlate.
    expect(securityRecord('login.failed', { user: 'bob.example' }).user).toBe(record.user);
    useKey(FAKE_KEY);
    expect(securityRecord('password.reset', { user: 'bob.example' }).user).not.toBe(record.user);
  });

  it('still writes an event whose fields are cyclic, identifiers hashed and the cycle cut', () => {
    useKey(FAKE_KEY);
    const user: Record<string, unknown> = { email: 'cyc@example.test', name: 'Cy Example' };
    user.self = user;
    const context: Record<string, unknown> = { route: '/login' };
    context.parent = context;
    const record = securityRecord('login.failed', { user, context });
    expect(record.user).toEqual({ email: hashIdentifier('cyc@example.test'), name: hashIdentifier('Cy Example'), self: '[Circular]' });
    expect(record.context).toEqual({ route: '/login', parent: '[Circular]' });
    expect(JSON.stringify(record)).not.toContain('cyc@example.test');
  });

  it('writes nothing raw below the depth limit, under identifier keys or not', () => {
    useKey(FAKE_KEY);
    let deep: Record<string, unknown> = { email: 'deep@example.test' };
    for (let i = 0; i < 10; i += 1) deep = { next: deep };
    const record = securityRecord('login.failed', { user: deep, meta: deep });
    const text = JSON.stringify(record);
    expect(text).not.toContain('deep@example.test');
    expect(text).toContain('[hashed]');
  });

  it('hashes an identifier object shared by two fields in both places (not a cycle)', () => {
    useKey(FAKE_KEY);
    const who = { email: 'shared@example.test' };
    const record = securityRecord('permission.denied', { actor: who, target: { user: who } });
    expect(record.actor).toEqual({ email: hashIdentifier('shared@example.test') });
    expect(record.target).toEqual({ user: { email: hashIdentifier('shared@example.test') } });
  });
});
