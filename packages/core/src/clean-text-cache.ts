// Most strings a service redacts are the same few again and again (span names, routes, peer addresses,
// user agents, attribute keys) and hold nothing: a bounded set of short strings the scanner returned
// unchanged turns each repeat into one lookup. Only unchanged strings are remembered, so a string that
// held a secret is never kept; the scanner's rules are fixed per redactor, so a remembered verdict holds.
import type { TextScanner } from './text-scanner';

/** Longer strings (messages, stacks, bodies) rarely repeat exactly: they are scanned every time. */
const MAX_CACHED_LENGTH = 128;
/** 4,096 strings of at most 128 characters (about a megabyte at most, two-byte text included), emptied when full. */
const MAX_CACHED_STRINGS = 4096;

export function withCleanTextCache(scanner: TextScanner): TextScanner {
  const clean = new Set<string>();
  return {
    scan(text, identifier) {
      if (text.length > MAX_CACHED_LENGTH) return scanner.scan(text, identifier);
      if (clean.has(text)) return text;
      // An identifier is scanned with one rule fewer: clean for every rule means clean for it, not the
      // reverse, so what an identifier scan let through is not remembered (IDs rarely repeat anyway).
      const scanned = scanner.scan(text, identifier);
      if (scanned === text && identifier !== true) {
        if (clean.size >= MAX_CACHED_STRINGS) clean.clear();
        // A copy: a slice of a large string (a body, a file) would keep all of it alive in the set.
        clean.add(` ${text}`.slice(1));
      }
      return scanned;
    },
  };
}
