// The deep copy: sensitive keys, every kind of value a host can hand over, hostile inputs, bounds.
import { describe, expect, it } from 'vitest';
import { createRedactor, redactProvenClean } from './redact';

const redactor = createRedactor();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

describe('redact: command-line arguments', () => {
  const argv = ['/usr/bin/node', 'server.js', '--db-password', 'hunter2', '--port', '3000', '--verbose', '--api-key', 'k-made-up-1', '--token', 'fake-tok', '--client-secret', 'sh-fake', '-password', 'p4ss'];
  const masked = ['/usr/bin/node', 'server.js', '--db-password', '[REDACTED:password]', '--port', '3000', '--verbose', '--api-key', '[REDACTED:api_key]', '--token', '[REDACTED:token]', '--client-secret', '[REDACTED:secret]', '-password', '[REDACTED:password]'];

  it('masks the value after a flag that names a secret, in a top-level argv array', () => {
    expect(redactor.redact(argv)).toEqual(masked);
  });

  it('does so in nested arrays too (resource attributes, job payloads)', () => {
    expect(redactor.redact({ 'process.command_args': argv, job: { name: 'reindex', args: ['--password', 'hunter2', '--shard', '7'] } })).toEqual({
      'process.command_args': masked,
      job: { name: 'reindex', args: ['--password', '[REDACTED:password]', '--shard', '7'] },
    });
    expect(JSON.stringify(redactor.redact({ a: [[['--db-password', 'hunter2']]] }))).not.toContain('hunter2');
  });

  it('keeps ordinary flags and values, and flags about a secret rather than the secret', () => {
    const ordinary = ['node', 'app.js', '--port', '3000', '--verbose', '--host', 'localhost', '--password-file', '/run/secrets/db', '--token-count', '5', '-p', '8080'];
    expect(redactor.redact(ordinary)).toEqual(ordinary);
    // A secret flag followed by another flag (a boolean switch) does not swallow that flag.
    expect(redactor.redact(['--no-password', '--verbose', 'x'])).toEqual(['--no-password', '--verbose', 'x']);
  });

  it('still masks a flag and its value given as one element', () => {
    expect(redactor.redact(['--password=hunter2', '--api-key=k-made-up-2', '--port=3000'])).toEqual([
      '--password=[REDACTED:password]',
      '--api-key=[REDACTED:api_key]',
      '--port=3000',
    ]);
  });
});

describe('redact: sensitive keys', () => {
  it('masks values of sensitive keys at any depth and inside arrays, whatever the case or separator', () => {
    const input = {
      user: { name: 'J. Doe', Password: 'pepper-ember-936&', profile: [{ api_key: 'k-1' }, { 'X-API-KEY': 'k-2' }] },
      headers: { Authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': ['sid=2; Path=/', 'theme=dark'] },
      payment: { card_number: '4111111111111111', CVV: 123, iban: 'x' },
      session_id: 'abc', refreshToken: 'def', client_secret: 'ghi', privateKey: 'jkl', SSN: '078-05-1120',
      credentials: { accessKeyId: 'AKIA-made-up', secretAccessKey: 'made-up' },
    };
    expect(redactor.redact(input)).toEqual({
      user: { name: 'J. Doe', Password: '[REDACTED:password]', profile: [{ api_key: '[REDACTED:api_key]' }, { 'X-API-KEY': '[REDACTED:api_key]' }] },
      headers: { Authorization: '[REDACTED:authorization]', cookie: '[REDACTED:cookie]', 'set-cookie': '[REDACTED:cookie]' },
      payment: { card_number: '[REDACTED:credit_card]', CVV: '[REDACTED:credit_card]', iban: '[REDACTED:iban]' },
      session_id: '[REDACTED:session]', refreshToken: '[REDACTED:token]', client_secret: '[REDACTED:secret]',
      privateKey: '[REDACTED:private_key]', SSN: '[REDACTED:us_ssn]', credentials: '[REDACTED:credentials]',
    });
  });

  it('keeps keys that merely mention a secret, and flags, nulls and empty values under sensitive keys', () => {
    const input = {
      'llm.token_count.prompt': 4244, tokenCount: 12, auth_method: 'oauth', 'authorization.decision': 'allow',
      'keyboard.layout': 'de-CH', 'cache.key': 'quote:SKU-1', keyCount: 3, secret_name: 'db-main',
      has_password: true, token: null, password: '',
    };
    expect(redactor.redact(input)).toEqual(input);
  });

  it('returns a deep copy and never mutates its input (even a frozen one)', () => {
    const input = deepFreeze({ a: { password: 'x', list: [1, { token: 'y' }] }, when: 'now' });
    const before = JSON.stringify(input);
    const out = redactor.redact(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
    expect(out.a.list[1]).toEqual({ token: '[REDACTED:token]' });
  });

  it('masks an object key that is itself a token or an e-mail address', () => {
    const grant = 'oNjiXYW4.joDcoYcwJlS0NqOqnw1uIMJ3';
    const out = redactor.redact({ grants: { [grant]: { sku: 'SKU-1' }, 'ann@example.com': 1 } });
    expect(out).toEqual({ grants: { '[REDACTED:token]': { sku: 'SKU-1' }, '[REDACTED:email]': 1 } });
  });

  it('scans long integers for card numbers but leaves ordinary numbers alone', () => {
    expect(redactor.redact({ n: 4111111111111111, big: 4111111111111111n, port: 5432, ms: 1713562288761 })).toEqual({
      n: '[REDACTED:credit_card]', big: '[REDACTED:credit_card]', port: 5432, ms: 1713562288761,
    });
  });
});

describe('redact: every kind of value', () => {
  it('copies Maps, Sets, Dates and arrays, scanning what they hold', () => {
    const when = new Date('2024-04-19T21:31:28.761Z');
    const out = redactor.redact({
      map: new Map<unknown, unknown>([['password', 'x'], ['note', 'mail ann@example.com'], [1, 'ok']]),
      set: new Set(['ok', 'token=abc123']),
      when,
    });
    expect(out.map).toBeInstanceOf(Map);
    expect([...out.map]).toEqual([['password', '[REDACTED:password]'], ['note', 'mail [REDACTED:email]'], [1, 'ok']]);
    expect([...out.set]).toEqual(['ok', 'token=[REDACTED:token]']);
    expect(out.when).toEqual(when);
    expect(out.when).not.toBe(when);
  });

  it('replaces binary data instead of passing unscanned bytes through', () => {
    const out = redactor.redact({ body: Buffer.from('password=hunter2'), view: new Uint8Array(4), raw: new ArrayBuffer(8) });
    expect(out).toEqual({ body: '[REDACTED:binary]', view: '[REDACTED:binary]', raw: '[REDACTED:binary]' });
  });

  it('keeps errors recognisable: prototype, name, scrubbed message, stack, cause chain, members and own fields', () => {
    class PaymentError extends Error {
      override name = 'PaymentError';
      code = 'PAYMENT_DECLINED';
      config = { headers: { Authorization: 'Bearer secret-value' } };
    }
    const cause = new TypeError('card 4111 1111 1111 1111 rejected');
    const error = new PaymentError('charge for ann@example.com failed', { cause });
    const aggregate = new AggregateError([error, new Error('token=abc123 expired')], 'all failed');

    const out = redactor.redact(aggregate);
    expect(out).toBeInstanceOf(AggregateError);
    expect(out.message).toBe('all failed');
    const [first, second] = out.errors as [PaymentError, Error];
    expect(first).toBeInstanceOf(PaymentError);
    expect(first.name).toBe('PaymentError');
    expect(first.message).toBe('charge for [REDACTED:email] failed');
    expect(first.stack).toContain('charge for [REDACTED:email] failed');
    expect(first.stack).not.toContain('ann@example.com');
    expect(first.code).toBe('PAYMENT_DECLINED');
    expect(first.config).toEqual({ headers: { Authorization: '[REDACTED:authorization]' } });
    expect(first.cause).toBeInstanceOf(TypeError);
    expect((first.cause as Error).message).toBe('card [REDACTED:credit_card] rejected');
    expect(second.message).toBe('token=[REDACTED:token] expired');
    expect(error.message).toBe('charge for ann@example.com failed');
  });

  it('redacts class instances as plain data, or as their toJSON form when they have one', () => {
    class Account {
      owner = 'ann@example.com';
      password = 'x';
      get display(): string {
        return 'not copied (a prototype getter)';
      }
    }
    class Money {
      toJSON(): string {
        return 'EUR 790.00';
      }
    }
    expect(redactor.redact({ account: new Account(), price: new Money() })).toEqual({
      account: { owner: '[REDACTED:email]', password: '[REDACTED:password]' },
      price: 'EUR 790.00',
    });
  });
});

describe('redact: hostile input', () => {
  it('replaces cycles with a marker and copies shared references', () => {
    const shared = { token: 'abc' };
    const node: Record<string, unknown> = { name: 'root', a: shared, b: shared };
    node.self = node;
    const out = redactor.redact(node);
    expect(out).toEqual({ name: 'root', a: { token: '[REDACTED:token]' }, b: { token: '[REDACTED:token]' }, self: '[Circular]' });
  });

  it('masks getters and proxies that throw instead of failing the whole value', () => {
    const input = { ok: 'fine', get boom(): string { throw new Error('getter exploded'); } };
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(redactor.redact({ input, proxy, revoked: revocable.proxy })).toEqual({
      input: { ok: 'fine', boom: '[REDACTED:unreadable]' },
      proxy: '[REDACTED:unreadable]',
      revoked: '[REDACTED:unreadable]',
    });
    const badMessage = new Error('x');
    Object.defineProperty(badMessage, 'message', { get: () => { throw new Error('no'); } });
    expect(() => redactor.redact(badMessage)).not.toThrow();
  });

  it('cannot be tricked into changing the prototype of the copy through a __proto__ key', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const out = redactor.redact(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
  });

  it('bounds depth, node count and string length, masking (never passing) what is beyond', () => {
    let deep: Record<string, unknown> = { leaf: 'password=deep-secret' };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    expect(JSON.stringify(redactor.redact(deep))).toContain('[REDACTED:depth_limit]');
    expect(JSON.stringify(redactor.redact(deep))).not.toContain('deep-secret');

    const wide = Array.from({ length: 20_000 }, (_, i) => `item ${i} token=t${i}`);
    const out = redactor.redact(wide) as string[];
    expect(out.length).toBeLessThanOrEqual(10_001);
    expect(out[out.length - 1]).toBe('[REDACTED:size_limit]');

    const huge = `${'lorem ipsum '.repeat(10_000)}password=tail-secret`;
    const cut = redactor.redactString(huge);
    expect(cut.endsWith('[REDACTED:truncated]')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(65_536 + 32);
    expect(cut).not.toContain('tail-secret');
  });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, Symbol('s'), () => 1, Object.create(null), 10n, NaN, new WeakMap(), Promise.resolve(1)];
    for (const value of odd) expect(() => redactor.redact(value)).not.toThrow();
    expect(redactor.redactString(42 as unknown as string)).toBe(42);
    expect(redactor.redact(() => 1)).toBe('[Function]');
  });
});

describe('redact: a value the caller has shown clean', () => {
  const token = 'ghp_FAKE0000000000000000000000000000fake';

  it('copies the string under that top-level key without a scan, and scans everything else', () => {
    const out = redactor[redactProvenClean]!({ 'faultline.request_id': token, note: token, nested: { 'faultline.request_id': token } }, 'faultline.request_id');
    expect(out['faultline.request_id']).toBe(token);
    expect(out.note).not.toContain(token);
    expect(out.nested['faultline.request_id']).not.toContain(token);
  });

  it('still masks a key that names a secret, and walks a value that is not a string', () => {
    const out = redactor[redactProvenClean]!({ password: token, 'faultline.request_id': { note: token } }, 'password');
    expect(JSON.stringify(out)).not.toContain(token);
    expect(JSON.stringify(redactor[redactProvenClean]!({ 'faultline.request_id': { note: token } }, 'faultline.request_id'))).not.toContain(token);
  });

  it('returns a record in which nothing changed itself, and otherwise a copy with every member in its place', () => {
    const clean = { 'http.request.method': 'GET', 'url.path': '/orders', 'server.port': 8080, 'faultline.request_id': token };
    expect(redactor[redactProvenClean]!(clean, 'faultline.request_id')).toBe(clean);
    // The first change comes after unchanged members: the copy takes them back in order, and leaves the input alone.
    const dirty = { 'http.request.method': 'GET', 'url.path': '/orders', 'url.query': `token=${token}`, password: 'hunter2', 'server.port': 8080 };
    const before = JSON.stringify(dirty);
    const out = redactor[redactProvenClean]!(dirty, undefined);
    expect(out).not.toBe(dirty);
    expect(Object.keys(out)).toEqual(Object.keys(dirty));
    expect(out['http.request.method']).toBe('GET');
    expect(out['server.port']).toBe(8080);
    expect(JSON.stringify(out)).not.toContain(token);
    expect(JSON.stringify(out)).not.toContain('hunter2');
    expect(JSON.stringify(dirty)).toBe(before);
    // The same answer as redact's copy, and redact itself still copies.
    expect(out).toEqual(redactor.redact(dirty));
    const plain = { 'http.request.method': 'GET', 'url.path': '/orders' };
    expect(redactor.redact(plain)).not.toBe(plain);
    expect(redactor.redact(plain)).toEqual(plain);
  });

  it('copies a record that a member not a string changed, or that the node limit cut', () => {
    const nested = { tags: ['a', 'b'], path: '/orders' };
    expect(redactor[redactProvenClean]!(nested, undefined)).not.toBe(nested);
    expect(redactor[redactProvenClean]!(nested, undefined)).toEqual(nested);
    const small = createRedactor({ limits: { maxNodes: 3 } });
    const wide = { a: '1', b: '2', c: '3', d: '4' };
    const cut = small[redactProvenClean]!(wide, undefined);
    expect(cut).not.toBe(wide);
    expect(cut).toEqual(small.redact(wide));
    expect(Object.keys(cut)).toContain('…');
  });

  it('is out of reach of redact: a callback convention that passes (value, key) still gets it scanned', () => {
    // lodash's mapValues(settings, redactor.redact) and Map#forEach call it this way.
    const asCallback = redactor.redact as (value: unknown, key: string) => unknown;
    expect(JSON.stringify(asCallback({ log: token }, 'log'))).not.toContain(token);
    expect(JSON.stringify(Object.entries({ log: { log: token } }).map(([key, value]) => asCallback(value, key)))).not.toContain(token);
  });
});
