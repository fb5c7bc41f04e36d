// Percent-encoded secrets: decoded for scanning (two rounds at most) and masked where they sit in the
// encoded original, the rest of the encoded text left exactly as it was. Made-up values only.
import { describe, expect, it } from 'vitest';
import { decodeOnce, toOriginal } from './percent-decoding';
import { createRedactor } from './redact';

const redactor = createRedactor();
const scrub = (text: string): string => redactor.redactString(text);

describe('decodeOnce', () => {
  it('returns nothing for text without an escape (a lone % or a non-hex pair is not one)', () => {
    expect(decodeOnce('100% done, 5%zz off')).toBeUndefined();
  });

  it('maps every decoded character back to where it started, across two rounds', () => {
    const original = 'a%2540b%3Ac';
    const once = decodeOnce(original);
    expect(once?.text).toBe('a%40b:c');
    const twice = decodeOnce(once!.text, once!.origin);
    expect(twice?.text).toBe('a@b:c');
    // `@` came from `%2540` (offsets 1-6), `b` from offset 6, `:` from `%3A`.
    expect(toOriginal({ start: 1, end: 2, kind: 'x' }, twice!)).toEqual({ start: 1, end: 6, kind: 'x' });
    expect(toOriginal({ start: 2, end: 5, kind: 'x' }, twice!)).toEqual({ start: 6, end: 11, kind: 'x' });
  });
});

describe('percent-encoded secrets', () => {
  it.each([
    ['an e-mail in a query value', 'https://shop.example.org/orders?customer=li.wei%40mail.example.net&sort=desc', 'https://shop.example.org/orders?customer=[REDACTED:email]&sort=desc'],
    ['an e-mail encoded twice', '/r?to=amara.okafor%2540example.com&x=1', '/r?to=[REDACTED:email]&x=1'],
    ['an e-mail with an encoded dot and plus', 'q=ann%2Eb%2Bnews%40example.org', 'q=[REDACTED:email]'],
    ['credentials in an encoded redirect URL', 'GET /auth?return_to=ftp%3A%2F%2Fbuild%3Azq7-Wy2pLx%40files.example.com%2Fout HTTP/1.1', 'GET /auth?return_to=ftp%3A%2F%2Fbuild%3A[REDACTED:password]%40files.example.com%2Fout HTTP/1.1'],
    ['a Bearer token after %20', 'retrying with header Bearer%20Qm9vZ2llV2Vhc2VsMTIzNDU2Nzg5 failed', 'retrying with header Bearer%20[REDACTED:bearer] failed'],
    ['a secret pair with an encoded `=`', 'state=x%26api_key%3Dk-7781-fake%26y%3D1', 'state=x%26api_key%3D[REDACTED:api_key]%26y%3D1'],
  ])('masks %s in its encoded form', (_, text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('masks the password and the e-mail of a form body, keeping its other fields', () => {
    const body = 'grant_type=password&username=r.silva%40example.org&password=c0rrect%26h0rse&scope=read';
    const out = scrub(body);
    expect(out).toBe('grant_type=password&username=[REDACTED:email]&password=[REDACTED:password]&scope=read');
  });

  it('does so inside a JSON body and in an object value', () => {
    const out = redactor.redact({ body: '{"form":"user=t.nguyen%40example.com&pwd=S3cr%3Dt"}', url: '/x?m=a.b%40example.net' });
    expect(JSON.stringify(out)).not.toMatch(/t\.nguyen|S3cr|a\.b%40/);
    expect(out.url).toBe('/x?m=[REDACTED:email]');
  });

  it('leaves ordinary encoded text exactly as it was', () => {
    for (const text of ['/search?q=red%20shoes&size=42', 'path=%2Fvar%2Flog%2Fapp.log', 'name=M%C3%BCller&city=K%C3%B6ln', 'progress 100%, 50%OFF']) {
      expect(scrub(text)).toBe(text);
    }
  });
});
