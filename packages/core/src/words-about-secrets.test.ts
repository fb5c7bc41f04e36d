// Text that talks about a secret without holding one survives; versions after `@` and random request
// IDs are not taken for addresses or keys. The secrets around them are still masked. Made-up values only.
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';

const redactor = createRedactor();
const scrub = (text: string): string => redactor.redactString(text);

describe('words about a secret', () => {
  it.each([
    "Access denied for user 'etl'@'localhost' (using password: YES)",
    'ER_ACCESS_DENIED_ERROR: (using password: no)',
    'error: password authentication failed for user "orders_rw"',
    'password: must contain at least 12 characters and one digit',
    'ValidationError: password is required; token: expired; api_key=none',
    'POST /oauth/token grant_type=password&scope=openid',
    'session: invalid, secret: missing',
    'secret: not set; token: (none); password: (empty)',
    'TokenExpiredError: jwt expired; invalid token: jwt malformed',
    '"password" length must be at least 8 characters long',
    'Validation failed: password: Password is too weak',
    'token: Value is required',
  ])('keeps %s', (text) => {
    expect(scrub(text)).toBe(text);
  });

  it('still masks a real value in the same shapes', () => {
    expect(scrub('login with password: Yx81!kd (using password: YES)')).toBe('login with password: [REDACTED:password] (using password: YES)');
    expect(scrub('grant_type=password&password=Mustang%2199')).toBe('grant_type=password&password=[REDACTED:password]');
    expect(scrub('token: expired2024')).toBe('token: [REDACTED:token]');
    // A sentence after the value does not make it a word about the secret: only its name or `Value` does.
    expect(scrub('password: Sunshine was rejected; password=Winter&user=a')).toBe('password: [REDACTED:password] was rejected; password=[REDACTED:password]&user=a');
  });
});

describe('versions after @', () => {
  it.each([
    'deploying billing@2.14.0.3 to canary',
    'resolved @acme/ui-kit@10.0.0.1 and left-pad@1.3.0',
    'image worker@1.2.3.4 pulled',
  ])('keeps %s', (text) => {
    expect(scrub(text)).toBe(text);
  });

  it.each([
    ['an ssh target', 'ssh -p 22 deploy@10.20.30.40 timed out', 'ssh -p 22 deploy@[REDACTED:ipv4] timed out'],
    ['a login name', 'root@10.20.30.41 closed the connection', 'root@[REDACTED:ipv4] closed the connection'],
    ['an address with a port or path after it', 'git clone builder@10.20.30.42:infra.git', 'git clone builder@[REDACTED:ipv4]:infra.git'],
    ['a quoted MySQL account', "user 'etl'@'10.20.30.43'", "user 'etl'@'[REDACTED:ipv4]'"],
  ])('still masks %s', (_, text, expected) => {
    expect(scrub(text)).toBe(expected);
  });
});

describe('random request IDs', () => {
  const amzId2 = 'Rj8kQ2xw9Vb3nT5yL0pZcH4mA7sD1fG6uJ8eK2rW5qX9vB3nM0tY7iO4lP1aS6dF8gH=';

  it('keeps a random ID under a key that names an ID, in objects and in header text', () => {
    const headers = { 'x-amz-id-2': amzId2, 'x-amz-cf-id': 'Zq9Wm3Xr7Tb1Ky5Hn8Pc2Lv6Jd4Fs0Ga3Qe7Ru1Ix5Ow9Yt2Uk==', uploadId: 'Vx3Kp9Lm2Qw8Rt5Yz1Nb7Hc4Jd6Fs0Ga' };
    expect(redactor.redact(headers)).toEqual(headers);
    expect(scrub(`x-amz-id-2: ${amzId2}`)).toBe(`x-amz-id-2: ${amzId2}`);
    expect(scrub(`{"requestId":"${amzId2}"}`)).toBe(`{"requestId":"${amzId2}"}`);
    // Node's headers give repeated ones as arrays; a list of IDs is IDs too.
    expect(redactor.redact({ 'x-amz-id-2': [amzId2], requestIds: [amzId2] })).toEqual({ 'x-amz-id-2': [amzId2], requestIds: [amzId2] });
    const s3Error = `<Error><Code>AccessDenied</Code><RequestId>4442587FB7D0A2F9</RequestId><HostId>${amzId2}</HostId></Error>`;
    expect(scrub(s3Error)).toBe(s3Error);
  });

  it('still masks the same random value under any other key, and a provider key under an ID key', () => {
    expect(redactor.redact({ note: amzId2 })).toEqual({ note: '[REDACTED:token]' });
    expect(scrub(`x-upstream: ${amzId2}`)).toBe('x-upstream: [REDACTED:token]');
    const stripe = `sk_live_${'Fk3Dm9Qx1Wz7Lp5Rt2Yb8Nc4'}`;
    expect(redactor.redact({ requestId: stripe })).toEqual({ requestId: '[REDACTED:stripe_key]' });
  });
});
