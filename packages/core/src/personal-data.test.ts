// Personal data inside text, by policy: masked by default, hashed or kept on request.
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';

const scrub = (text: string): string => createRedactor().redactString(text);

describe('personal data (default policy: mask)', () => {
  it.each([
    ['e-mail with plus and sub-domain', 'invite for <colette_iyer+orders@staff.example.com> bounced', 'invite for <[REDACTED:email]> bounced'],
    ['e-mail in a mailto URL and a query', 'mailto:ravi.h@shop.example.com?x=1&to=a.b@example.net&list=weekly', 'mailto:[REDACTED:email]?x=1&to=[REDACTED:email]&list=weekly'],
    ['IPv4', 'blocked login attempt from 203.0.113.230:51234', 'blocked login attempt from [REDACTED:ipv4]:51234'],
    ['IPv4 after a user name or in a URL (not a product token)', 'ssh user@10.0.0.5 via http://10.0.0.6/x and https://host.example/10.0.0.7', 'ssh user@[REDACTED:ipv4] via http://[REDACTED:ipv4]/x and https://host.example/[REDACTED:ipv4]'],
    ['IPv4 in a path or after a dotted host', 'GET /api/peers/10.0.0.8 from db.internal/10.0.0.9', 'GET /api/peers/[REDACTED:ipv4] from db.internal/[REDACTED:ipv4]'],
    ['IPv6 compressed', 'geo lookup failed for [2001:db8:cfb:935d::6365]', 'geo lookup failed for [[REDACTED:ipv6]]'],
    ['IPv6 full', 'peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 reset', 'peer [REDACTED:ipv6] reset'],
    ['MAC with colons or dashes', 'device E2:16:64:2C:5A:33 and e2-16-64-2c-5a-34', 'device [REDACTED:mac_address] and [REDACTED:mac_address]'],
    ['MAC in Cisco notation', 'port learned e216.642c.5a33 on vlan 4', 'port learned [REDACTED:mac_address] on vlan 4'],
    ['IMEI', 'handset imei 490154203237518 blocked', 'handset imei [REDACTED:imei] blocked'],
    ['Linux home path', "EACCES: open '/home/lpetrov/.npmrc'", "EACCES: open '/home/[REDACTED:user_path]/.npmrc'"],
    ['macOS home path', 'mkdir /Users/lpetrov3/Library/Caches/sync', 'mkdir /Users/[REDACTED:user_path]/Library/Caches/sync'],
    ['Windows home path, escaped in JSON', '{"file":"C:\\\\Users\\\\Jane.Doe\\\\AppData\\\\x.log"}', '{"file":"C:\\\\Users\\\\[REDACTED:user_path]\\\\AppData\\\\x.log"}'],
  ])('masks %s', (_, text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it.each([
    ['versions and timestamps', 'node 22.3.0, lib 4.10.1.2-rc, at 10:51:20.806Z'],
    ['four-part versions named as such', 'upgraded to version 1.2.3.4 (build: 10.0.0.1, release 4.1.2.0)'],
    ['loopback and unspecified addresses', 'ECONNREFUSED 127.0.0.1:5432 and 0.0.0.0:3000 and ::1'],
    ['scoped packages and pnpm paths', 'node_modules/.pnpm/@types+node@20.19.43/node_modules/@types/node'],
    ['shared folders and web paths', '/Users/Shared/cache and https://example.com/home/feed'],
    ['C++-style names and clock times', 'std::vector at 12:30:45'],
    ['15 digits failing Luhn', 'order 490154203237519 shipped'],
    [
      'four-part versions after a product token in a user agent',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    ],
    ['a product token after a quote, a parenthesis or an equals sign', 'ua="Chrome/120.0.6099.71" (Edge/120.0.0.0) agent=okhttp/4.12.0.1'],
  ])('keeps %s', (_, text) => {
    expect(scrub(text)).toBe(text);
  });
});

describe('four-part versions under a version key', () => {
  it('keeps a bare version under a key whose last word is version', () => {
    const attributes = { 'service.version': '2.0.1.7', app_version: '1.2.3.4', appVersion: 'v10.0.0.5', APP_VERSION: '131.0.0.0-beta.1', 'os.version': '10.0.19045.0' };
    expect(createRedactor().redact(attributes)).toEqual(attributes);
  });

  it('still scans other keys and anything that is not a bare version', () => {
    expect(createRedactor().redact({ peer: '10.0.0.5', versionSource: '10.0.0.5', subversion: '10.0.0.5', 'service.version': 'built on 10.0.0.5 by ann@example.com' })).toEqual({
      peer: '[REDACTED:ipv4]',
      versionSource: '[REDACTED:ipv4]',
      subversion: '[REDACTED:ipv4]',
      'service.version': 'built on [REDACTED:ipv4] by [REDACTED:email]',
    });
    expect(createRedactor().redact({ app_version: 'token=ghp_FAKEfakeFAKEfake0123456789abcdefABCD' }).app_version).not.toContain('ghp_');
  });
});

describe('personal-data policy', () => {
  it('keeps every personal kind with "keep", or only the ones named', () => {
    const text = 'ann@example.com from 203.0.113.9';
    expect(createRedactor({ personalData: 'keep' }).redactString(text)).toBe(text);
    expect(createRedactor({ personalData: { ipv4: 'keep' } }).redactString(text)).toBe('[REDACTED:email] from 203.0.113.9');
  });

  it('hashes with the configured key, so the same address correlates and nothing readable remains', () => {
    const hashing = createRedactor({ personalData: 'hash', hashKey: 'test-only-key' });
    const first = hashing.redactString('from ann@example.com');
    expect(first).toMatch(/^from \[REDACTED:email#[0-9a-f]{16}\]$/);
    expect(hashing.redactString('to ann@example.com')).toBe(first.replace('from', 'to'));
    expect(hashing.redactString('from bob@example.com')).not.toBe(first);
    const otherKey = createRedactor({ personalData: 'hash', hashKey: 'another-key' });
    expect(otherKey.redactString('from ann@example.com')).not.toBe(first);
  });

  it('still masks secrets when personal data is kept', () => {
    expect(createRedactor({ personalData: 'keep' }).redactString('ann@example.com password=hunter2')).toBe(
      'ann@example.com password=[REDACTED:password]',
    );
  });
});
