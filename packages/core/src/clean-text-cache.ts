// Most strings a service redacts are the same few again and again (span names, routes, peer addresses,
// user agents, attribute keys) and hold nothing: a bounded set of short strings the scanner returned
// unchanged turns each repeat into one lookup. Only unchanged strings are remembered, so a string that
// held a secret is never kept; the scanner's rules are fixed per redactor, so a remembered verdict holds.
// A string goes into the set the second time it is seen, not the first: one-off text (a failure's message
// with its order number) would otherwise cost a copy and an insertion each, and crowd out the repeats.
import type { TextScanner } from './text-scanner';

/** Longer strings (messages, stacks, bodies) rarely repeat exactly: they are scanned every time. */
const MAX_CACHED_LENGTH = 128;
/** 4,096 strings of at most 128 characters (about a megabyte at most, two-byte text included), emptied when full. */
const MAX_CACHED_STRINGS = 4096;
/** Hashes of strings seen once lately, two per slot (two strings that share a slot both get in). */
const SEEN_SLOTS = 4096;

/** A 32-bit hash of the whole string (never 0, the empty slot). */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 1;
}

export function withCleanTextCache(scanner: TextScanner): TextScanner {
  const clean = new Set<string>();
  const seen = new Int32Array(SEEN_SLOTS * 2);
  /** Whether `text` was seen lately; if not, it is noted (replacing the older of its slot's two). */
  function seenBefore(text: string): boolean {
    const hash = hashOf(text);
    const slot = (hash >>> 20) & (SEEN_SLOTS - 1);
    if (seen[2 * slot] === hash || seen[2 * slot + 1] === hash) return true;
    seen[2 * slot + 1] = seen[2 * slot] as number;
    seen[2 * slot] = hash;
    return false;
  }
  return {
    scan(text, identifier) {
      if (text.length > MAX_CACHED_LENGTH) return scanner.scan(text, identifier);
      if (clean.has(text)) return text;
      // An identifier is scanned with one rule fewer: clean for every rule means clean for it, not the
      // reverse, so what an identifier scan let through is not remembered (IDs rarely repeat anyway).
      const scanned = scanner.scan(text, identifier);
      if (scanned === text && identifier !== true && seenBefore(text)) {
        if (clean.size >= MAX_CACHED_STRINGS) clean.clear();
        // A copy: a slice of a large string (a body, a file) would keep all of it alive in the set.
        clean.add(` ${text}`.slice(1));
      }
      return scanned;
    },
  };
}
