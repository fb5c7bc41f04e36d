// The hot-path field scrubber must redact exactly as core's redactor does: same output for plain data,
// whatever the keys (sensitive, kept, secret-shaped), depth, size or odd shapes. Fake secrets only.
import { describe, expect, it } from 'vitest';
import { createRedactor } from '@faultline/core';
import { createFieldScrubber } from './log-fields';

const FAKE_TOKEN = 'sk_live_FAKE0000000000000000000000';
const FAKE_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlLXVzZXIifQ.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz';

function deep(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = { token: FAKE_TOKEN, note: `see ${FAKE_TOKEN}` };
  for (let i = 0; i < levels; i++) node = { [`level${i}`]: node, password: 'fake-pass' };
  return node;
}

const SAMPLES: Record<string, Record<string, unknown>> = {
  flat: { orderId: 4711, items: 3, ok: true, nothing: null, customer: 'ann@example.test' },
  'sensitive keys': { password: 'fake-pass', apiKey: FAKE_TOKEN, authorization: `Bearer ${FAKE_JWT}`, secret: { nested: 1 }, pin: 1234 },
  'secrets in values': { note: `token=${FAKE_TOKEN}`, url: 'https://u:fake-pass@example.test/x?api_key=abc123def456', jwt: FAKE_JWT },
  'card number as a number': { card: 4111111111111111, small: 42, float: 1.5e12 },
  'secret-shaped key': { [FAKE_TOKEN]: 'value', 'ann@example.test': 1 },
  nested: { user: { profile: { email: 'ann@example.test', tags: ['a', FAKE_TOKEN, { password: 'fake-pass' }] } } },
  'deeper than the fast path': deep(8),
  'larger than the fast path': { list: Array.from({ length: 100 }, (_, i) => `item ${i} ${FAKE_TOKEN}`) },
  'class instances and dates': { when: new Date(0), map: new Map([['password', 'fake-pass']]), set: new Set([FAKE_TOKEN]) },
  'proto key': JSON.parse(`{"__proto__": {"polluted": "${FAKE_TOKEN}"}, "x": 1}`) as Record<string, unknown>,
};

describe('createFieldScrubber', () => {
  for (const options of [undefined, { keepKeys: ['note'] }]) {
    const redactor = createRedactor(options);
    const scrubber = createFieldScrubber(redactor);
    for (const [name, sample] of Object.entries(SAMPLES)) {
      it(`redacts ${name} exactly as the redactor does${options ? ' (with keepKeys)' : ''}`, () => {
        expect(scrubber.scrub(sample)).toEqual(redactor.redact(sample));
        // Twice: the second pass uses the cached key verdicts.
        expect(scrubber.scrub(sample)).toEqual(redactor.redact(sample));
      });
    }
  }

  it('never swaps the prototype of its copy', () => {
    const scrubbed = createFieldScrubber(createRedactor()).scrub(SAMPLES['proto key'] as Record<string, unknown>);
    expect(Object.getPrototypeOf(scrubbed)).toBe(Object.prototype);
    expect(JSON.stringify(scrubbed)).not.toContain(FAKE_TOKEN);
  });

  it('survives a throwing getter and masks only what it cannot read', () => {
    const hostile = { fine: 'ok', get broken(): string { throw new Error('no'); } };
    const scrubbed = createFieldScrubber(createRedactor()).scrub(hostile);
    expect(scrubbed.fine).toBe('ok');
    expect(String(scrubbed.broken)).toContain('REDACTED');
  });

  it('leaves its input untouched', () => {
    const input = { password: 'fake-pass', nested: { token: FAKE_TOKEN } };
    createFieldScrubber(createRedactor()).scrub(input);
    expect(input).toEqual({ password: 'fake-pass', nested: { token: FAKE_TOKEN } });
  });
});
