import { expect, it } from 'vitest';
import { withCleanTextCache } from './clean-text-cache';
import { createRedactor } from './redact';

/** A scanner that masks the word "secret" and counts what it was asked to scan. */
function countingScanner() {
  const seen: string[] = [];
  return { seen, scan: (text: string) => { seen.push(text); return text.replaceAll('secret', '[x]'); } };
}

it('remembers a clean short string the second time it is scanned, and answers its repeats from the cache', () => {
  const inner = countingScanner();
  const scanner = withCleanTextCache(inner);
  const answers = Array.from({ length: 4 }, () => scanner.scan('GET /orders'));
  expect(answers).toEqual(['GET /orders', 'GET /orders', 'GET /orders', 'GET /orders']);
  expect(inner.seen).toEqual(['GET /orders', 'GET /orders']);
});

it('does not remember one-off strings: a repeat after many of them is still answered from the cache', () => {
  const inner = countingScanner();
  const scanner = withCleanTextCache(inner);
  scanner.scan('GET /orders');
  scanner.scan('GET /orders');
  // 5,000 one-off messages would have filled (and emptied) a set that took every clean string.
  for (let i = 0; i < 5000; i++) scanner.scan(`order ${i} could not be saved`);
  inner.seen.length = 0;
  scanner.scan('GET /orders');
  expect(inner.seen).toEqual([]);
});

it('never remembers a string that held something, nor a long one', () => {
  const inner = countingScanner();
  const scanner = withCleanTextCache(inner);
  const long = 'a'.repeat(129);
  for (let i = 0; i < 2; i++) {
    expect(scanner.scan('token secret')).toBe('token [x]');
    expect(scanner.scan(long)).toBe(long);
  }
  expect(inner.seen).toEqual(['token secret', long, 'token secret', long]);
});

it('stays bounded: emptied when full, then fills again', () => {
  const inner = countingScanner();
  const scanner = withCleanTextCache(inner);
  for (let i = 0; i <= 4096; i++) for (let twice = 0; twice < 2; twice++) scanner.scan(`value ${i}`);
  // The 4,097th string emptied the cache: an early one is scanned again, the last one is remembered.
  scanner.scan('value 1');
  scanner.scan('value 4096');
  expect(inner.seen.length).toBe(2 * 4097 + 1);
  expect(inner.seen.at(-1)).toBe('value 1');
});

it('leaves the redactor\'s answers as they were for values seen before', () => {
  const redactor = createRedactor();
  const fake = 'sk_live_FAKE0000000000000000000000';
  for (let i = 0; i < 3; i++) {
    expect(redactor.redact({ route: '/orders/:id', note: `key ${fake}` })).toEqual({ route: '/orders/:id', note: expect.not.stringContaining(fake) as unknown });
  }
});

it('keeps one cache per redactor: a string clean for one is still scanned by another with its own patterns', () => {
  const plain = createRedactor();
  const custom = createRedactor({ patterns: [{ kind: 'ticket', pattern: /TICKET-\d+/ }] });
  for (let i = 0; i < 2; i++) {
    expect(plain.redactString('see TICKET-42')).toBe('see TICKET-42');
    expect(custom.redactString('see TICKET-42')).not.toContain('TICKET-42');
  }
});

it('answers an identifier scan from strings known clean, and never remembers what an identifier scan let through', () => {
  const inner = countingScanner();
  const scanner = withCleanTextCache(inner);
  scanner.scan('req-42');
  scanner.scan('req-42');
  expect(scanner.scan('req-42', true)).toBe('req-42');
  expect(inner.seen).toEqual(['req-42', 'req-42']);
  // Clean with one rule fewer is not clean: the next plain scan of that text runs every rule.
  scanner.scan('id-7', true);
  scanner.scan('id-7', true);
  scanner.scan('id-7');
  expect(inner.seen).toEqual(['req-42', 'req-42', 'id-7', 'id-7', 'id-7']);
});
