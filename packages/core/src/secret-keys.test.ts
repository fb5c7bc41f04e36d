// Secrets used as keys: collections keyed by secrets, secret-shaped keys anywhere, values riding on
// dotted attribute keys. Made-up values only.
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';
import { isPlainKey } from './secret-keys';

const redactor = createRedactor();

describe('collections keyed by secrets', () => {
  it('masks the keys of a session store, a token map and a per-key limiter, and keeps their values', () => {
    const input = {
      sessionCache: { k2m9x7q4w1: { user: 'u_1002', ttl: 900 } },
      refresh_tokens: { 'rt.93jd02kd': { scopes: ['read'], exp: '2026-01-01T00:00:00Z' } },
      limitsPerApiKey: { 'ak-5521-demo': 40, 'ak-0093-demo': 7 },
      region: 'eu-central-1',
    };
    expect(redactor.redact(input)).toEqual({
      sessionCache: { '[REDACTED:session]': { user: 'u_1002', ttl: 900 } },
      refresh_tokens: { '[REDACTED:token]': { scopes: ['read'], exp: '2026-01-01T00:00:00Z' } },
      limitsPerApiKey: { '[REDACTED:api_key]': 40, '[REDACTED:api_key]#1': 7 },
      region: 'eu-central-1',
    });
  });

  it('does so for Maps (no entry lost when masked keys collide) and for strings in an array', () => {
    const sessions = new Map([['f00dfeed00aa11bb', 1], ['0badc0de22cc33dd', 2]]);
    const out = redactor.redact({ userSessions: sessions, apiKeys: ['pk-demo-8812', 'pk-demo-9921'] });
    expect([...(out.userSessions as Map<string, number>).entries()]).toEqual([['[REDACTED:session]', 1], ['[REDACTED:session]#1', 2]]);
    expect(out.apiKeys).toEqual(['[REDACTED:api_key]', '[REDACTED:api_key]']);
    expect(redactor.redact({ revokedTokens: new Set(['rv-1029-demo', 'none']) })).toEqual({ revokedTokens: new Set(['[REDACTED:token]', 'none']) });
  });

  it('reads `by`/`per` at the start of a name, and `<secrets> by id`', () => {
    expect(redactor.redact({ byApiKey: { 'ak-7120-demo': 3 }, sessionsById: { s9x8c7v6b5: { u: 1 } }, perToken: { tq7_1002: 2 } })).toEqual({
      byApiKey: { '[REDACTED:api_key]': 3 },
      sessionsById: { '[REDACTED:session]': { u: 1 } },
      perToken: { '[REDACTED:token]': 2 },
    });
  });

  it('masks the strings a collection of secrets holds: by owner, by name, in arrays, and its own value', () => {
    expect(redactor.redact({
      tokensByUser: { bob: 'p9Lm2Qx7Wk', ann: 'z8Rt4Nv1Yb' },
      deployTokens: { github: 'c0ffee-1234-demo', registry: 'n0t-a-real-one-77' },
      passwordForUser: 'Kd91!xLq',
      sessions: '4f1c-77aa-b2d0',
    })).toEqual({
      tokensByUser: { bob: '[REDACTED:token]', ann: '[REDACTED:token]' },
      deployTokens: { github: '[REDACTED:token]', registry: '[REDACTED:token]' },
      passwordForUser: '[REDACTED:password]',
      sessions: '[REDACTED:session]',
    });
  });

  it('keeps counts, limits, dates and plain words in them, and does not read UI cards or GPIO pins as secrets', () => {
    const input = {
      tokensPerMinute: 90000, maxTokens: '16384', tokensByModel: { small: 1200 }, csrfTokens: { issued: '2026-01-01T10:00:00Z' },
      cards: { welcome: 'Hi 2 you' }, pins: { led: 'GPIO17' }, sessions: { state: 'active' },
    };
    expect(redactor.redact(input)).toEqual(input);
  });

  it('goes on through plainly named members and array elements, and ends under a masked key', () => {
    expect(redactor.redact({
      activeSessions: { eu: { d41c9e77aa02: { user: 'u_5', region: 'eu' } } },
      apiKeys: [{ name: 'ci', key: 'ak-88-demo', created: '2026-02-01' }],
    })).toEqual({
      activeSessions: { eu: { '[REDACTED:session]': { user: 'u_5', region: 'eu' } } },
      apiKeys: [{ name: 'ci', key: '[REDACTED:api_key]', created: '2026-02-01' }],
    });
  });

  it('keeps every entry of a large store apart (3,000 masked keys, each once)', () => {
    const store: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) store[`s${i}x${(i * 7919).toString(36)}`] = i;
    const out = redactor.redact({ sessionStore: store }).sessionStore;
    const keys = Object.keys(out);
    expect(keys).toHaveLength(3000);
    expect(keys.every((key) => key.startsWith('[REDACTED:session]'))).toBe(true);
    expect(Object.values(out).reduce((sum, n) => sum + n, 0)).toBe((2999 * 3000) / 2);
  });

  it('reads maps from secrets (`tokenToUser`); a map to them names its value a secret (`userToApiKey`)', () => {
    expect(redactor.redact({ tokenToUser: { 'tq-5512-demo': 'bob' }, sessionIdToUserId: { e5d4c3b2a190: 'u_3' }, userToApiKey: { bob: 'ak-3307-demo' } })).toEqual({
      tokenToUser: { '[REDACTED:token]': 'bob' },
      sessionIdToUserId: { '[REDACTED:session]': 'u_3' },
      userToApiKey: '[REDACTED:api_key]',
    });
  });

  it('keeps plain names inside such a collection (token counts, session summaries)', () => {
    const input = { usage: { tokens: { prompt: 12, completion: 40 } }, sessions: { active: 3, lastSeen: '10:00', mobile_web: 1 } };
    expect(redactor.redact(input)).toEqual(input);
  });

  it('no longer masks a collection keyed by secrets as if it were one (`grantsByToken` values stay)', () => {
    expect(redactor.redact({ grantsByToken: { tk_18fa22: ['orders:read'] } })).toEqual({ grantsByToken: { '[REDACTED:token]': ['orders:read'] } });
  });

  it('masks secret-shaped keys wherever they sit, under ordinary parents too', () => {
    const key = `xoxb-${'1234567890'}-${'0987654321'}-FakeFakeFakeFake`;
    const out = JSON.stringify(redactor.redact({ hooks: { deep: [{ [key]: { channel: 'ops' } }] } }));
    expect(out).not.toContain(key);
    expect(out).toContain('ops');
  });
});

describe('values carried in attribute keys', () => {
  it('masks what follows a secret name in a dotted key, and keeps names that follow it', () => {
    expect(redactor.redact({
      'http.request.cookie.c7dd91a0e5': true,
      'app.token.x9Yz81Lm.ttl': 60,
      'auth.sid=Zk81aQ': 1,
      'web.cookie.sid:Qm02zL': 2,
      'http.request.cookie.theme': 'dark',
      'db.password.rotation': 'monthly',
    })).toEqual({
      'http.request.cookie.[REDACTED:cookie]': true,
      'app.token.[REDACTED:token]': 60,
      'auth.sid=[REDACTED:session]': 1,
      'web.cookie.sid:[REDACTED:session]': 2,
      'http.request.cookie.theme': 'dark',
      'db.password.rotation': 'monthly',
    });
  });
});

describe('isPlainKey', () => {
  it.each(['count', 'lastSeen', 'max_age', 'mobile web', '0', '16384', '2025-01-01', '10:00', '2025-01-01T10:00:00Z'])('%s is a name', (key) => expect(isPlainKey(key)).toBe(true));
  it.each(['k2m9x7q4w1', 'qzvxhtrmnbdwplfkqzvx', 'ab.93jd02', '1234567', 'a'.repeat(41)])('%s is data', (key) => expect(isPlainKey(key)).toBe(false));
});

describe('redacting twice (a record redacted when recorded and again at export)', () => {
  it('keeps what sits under keys masked the first time', () => {
    const input = {
      sessionStore: { q8w7e6r5t4y3: { user: 'u_9', ttl: 60 }, z1x2c3v4b5n6: { user: 'u_8', ttl: 30 } },
      'app.session.p0o9i8u7y6': 'active',
      hooks: { ['ghp_' + 'F4k3T0k3nF4k3T0k3nF4k3T0k3nF4k3T0k3n']: { org: 'acme' } },
    };
    const once = redactor.redact(input);
    expect(redactor.redact(once)).toEqual(once);
    expect(JSON.stringify(once)).toContain('u_9');
  });

  it('does so with a custom replacement template too', () => {
    const custom = createRedactor({ replacement: '<hidden {kind}>' });
    const once = custom.redact({ activeSessions: { k9j8h7g6f5: { user: 'u_7' } } });
    expect(once).toEqual({ activeSessions: { '<hidden session>': { user: 'u_7' } } });
    expect(custom.redact(once)).toEqual(once);
  });
});
