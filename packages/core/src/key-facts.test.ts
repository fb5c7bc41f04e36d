import { expect, it } from 'vitest';
import { KeyFactsCache } from './key-facts';
import { createRedactor } from './redact';
import { resolveOptions } from './redact-options';
import { createSecretKeys } from './secret-keys';
import { createKeyMatcher } from './sensitive-keys';

/** A scanner that masks the word "secret" and counts what it was asked to scan. */
function countingCache() {
  const seen: string[] = [];
  const keys = createKeyMatcher();
  const text = { scan: (value: string) => { seen.push(value); return value.replaceAll('secret', '[x]'); } };
  return { seen, cache: new KeyFactsCache(resolveOptions(undefined), keys, text, createSecretKeys(keys)) };
}

it('scans a clean string under a key once, and again when another one comes between', () => {
  const { seen, cache } = countingCache();
  const route = cache.of('http.route');
  expect([cache.scanUnder(route, '/orders'), cache.scanUnder(route, `/ord${'ers'}`)]).toEqual(['/orders', '/orders']);
  expect(cache.scanUnder(route, '/users')).toBe('/users');
  expect(cache.scanUnder(route, '/orders')).toBe('/orders');
  expect(seen.filter((value) => value !== 'http.route')).toEqual(['/orders', '/users', '/orders']);
});

it('never remembers a string that held something, nor a long one', () => {
  const { seen, cache } = countingCache();
  const note = cache.of('note');
  const long = 'a'.repeat(65);
  for (let i = 0; i < 2; i++) {
    expect(cache.scanUnder(note, 'a secret')).toBe('a [x]');
    expect(cache.scanUnder(note, long)).toBe(long);
  }
  expect(seen.filter((value) => value !== 'note')).toEqual(['a secret', long, 'a secret', long]);
});

it('keeps the redactor\'s answers whatever came before under the same key', () => {
  const redactor = createRedactor();
  const fake = 'ghp_FAKE0000000000000000000000000000fake';
  for (const value of ['/orders', `/orders?t=${fake}`, '/orders', fake, '/orders']) {
    const out = redactor.redact({ 'url.path': value });
    if (value.includes(fake)) expect(out['url.path']).not.toContain(fake);
    else expect(out['url.path']).toBe(value);
  }
});
