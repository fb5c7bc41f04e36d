// Options are checked when the redactor is built (coded error), then shape every replacement.
import { describe, expect, it } from 'vitest';
import { isFaultlineError } from './errors';
import { createRedactor } from './redact';
import { INVALID_OPTION_CODE, InvalidOptionError, type RedactorOptions } from './redact-options';

describe('option validation', () => {
  it.each<[string, unknown]>([
    ['options that are not an object', 'mask'],
    ['a personal-data policy that does not exist', { personalData: 'blur' }],
    ['an unknown personal-data kind', { personalData: { phone: 'mask' } }],
    ['hashing without a key', { personalData: 'hash' }],
    ['a correlation strategy that does not exist', { correlate: { credit_card: 'first6' } }],
    ['a custom pattern that matches nothing-at-all', { patterns: [{ kind: 'x', pattern: /a*/ }] }],
    ['a custom pattern that is a string', { patterns: [{ kind: 'x', pattern: 'abc' }] }],
    ['a kind with spaces', { patterns: [{ kind: 'my kind', pattern: /abc/ }] }],
    ['an empty extra key', { keys: [''] }],
    ['a limit out of range', { limits: { maxDepth: 0 } }],
    ['a fractional limit', { limits: { maxNodes: 1.5 } }],
    ['a replacement that is neither text nor function', { replacement: 42 }],
    ['an empty hash key', { hashKey: '' }],
  ])('rejects %s with FAULTLINE_INVALID_OPTION', (_, options) => {
    let thrown: unknown;
    try {
      createRedactor(options as RedactorOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionError);
    expect(isFaultlineError(thrown)).toBe(true);
    expect((thrown as InvalidOptionError).code).toBe(INVALID_OPTION_CODE);
    expect((thrown as Error).message).toMatch(/^createRedactor: /);
  });
});

describe('options in effect', () => {
  it('adds extra sensitive keys (by words or pattern) and patterns, naming their kind', () => {
    const redactor = createRedactor({
      keys: ['userId', /^x-internal-/i],
      patterns: [{ kind: 'order_token', pattern: /\bOT-[0-9]{6}\b/ }],
    });
    expect(redactor.redact({ user_id: 42, 'X-Internal-Route': 'a', note: 'use OT-123456 and OT-654321 now' })).toEqual({
      user_id: '[REDACTED:user_id]', 'X-Internal-Route': '[REDACTED:secret]', note: 'use [REDACTED:order_token] and [REDACTED:order_token] now',
    });
  });

  it('applies custom patterns to stack frames too', () => {
    const redactor = createRedactor({ patterns: [{ kind: 'tenant', pattern: /tenant-[a-z]+/ }] });
    const stack = 'Error: x\n    at run (/srv/tenant-acme/app.js:1:2)';
    expect(redactor.redactString(stack)).toBe('Error: x\n    at run (/srv/[REDACTED:tenant]/app.js:1:2)');
  });

  it('copies values of kept keys verbatim, unscanned', () => {
    const redactor = createRedactor({ keepKeys: ['sessionHint', 'debugBlob'] });
    expect(redactor.redact({ session_hint: 'abc', debugBlob: { password: 'visible' }, session: 'x' })).toEqual({
      session_hint: 'abc', debugBlob: { password: 'visible' }, session: '[REDACTED:session]',
    });
  });

  it('renders replacements from a template or a function, falling back when the function throws', () => {
    expect(createRedactor({ replacement: '***{kind}***' }).redactString('password=x1')).toBe('password=***password***');
    expect(createRedactor({ replacement: (kind) => `<${kind.toUpperCase()}>` }).redactString('password=x1')).toBe('password=<PASSWORD>');
    const throwing = createRedactor({ replacement: () => { throw new Error('bad callback'); } });
    expect(throwing.redactString('password=x1')).toBe('password=[REDACTED:password]');
  });

  it('keeps the last four characters or a keyed hash for identifiers that must correlate', () => {
    const redactor = createRedactor({ correlate: { credit_card: 'last4', password: 'hash' }, hashKey: new Uint8Array([1, 2, 3]) });
    expect(redactor.redactString('card 4111 1111 1111 1111')).toBe('card [REDACTED:credit_card...1111]');
    const hashed = redactor.redact({ password: 'hunter2' });
    expect(hashed.password).toMatch(/^\[REDACTED:password#[0-9a-f]{16}\]$/);
    expect(redactor.redact({ password: 'hunter2' })).toEqual(hashed);
    expect(JSON.stringify(hashed)).not.toContain('hunter2');
  });

  it('uses the configured limits', () => {
    const small = createRedactor({ limits: { maxDepth: 2, maxNodes: 5, maxStringLength: 300 } });
    expect(small.redact({ a: { b: { c: 1 } } })).toEqual({ a: { b: '[REDACTED:depth_limit]' } });
    expect(small.redactString('x'.repeat(400)).endsWith('[REDACTED:truncated]')).toBe(true);
  });
});
