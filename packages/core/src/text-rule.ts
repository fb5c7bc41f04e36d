// The shape shared by every rule the text scanner runs (see text-scanner.ts).

/** A span of the scanned text to replace, and what it is. */
export interface Hit {
  readonly start: number;
  readonly end: number;
  readonly kind: string;
}

/** Where to continue scanning when a match turned out not to be a secret. */
export interface Resume {
  readonly resume: number;
}

/** Character counts of the scanned text, computed once so rules that cannot match are skipped. */
export interface TextProfile {
  readonly length: number;
  readonly digits: number;
  readonly upper: number;
  readonly lower: number;
  readonly colons: number;
  readonly dots: number;
  readonly dashes: number;
  readonly equals: number;
  readonly quotes: number;
  readonly spaces: number;
  /** Start and end offsets (flattened pairs) of runs of token characters at least 32 long. */
  readonly longRuns: readonly number[];
}

export interface TextRule {
  readonly kind: string;
  /**
   * A regular-expression source, compiled once per redactor. Put the literal or rare character
   * first and look-behinds after it: V8 skips ahead fast only on a literal first character.
   */
  readonly source: string;
  /** Finds hits by hand instead of `source` (for scans a regular expression does slowly). */
  readonly find?: (text: string, hits: Hit[], profile: TextProfile) => void;
  /** Regular-expression flags besides `g` (for instance `i`). */
  readonly flags?: string;
  /**
   * Cheap pre-check: the rule only runs on text containing at least one of these substrings
   * (compared case-sensitively). Omitted: the rule runs on every candidate string.
   */
  readonly hints?: readonly string[];
  /** Cheap pre-check on character counts (a card number needs 13 digits, an IPv4 address 3 dots). */
  readonly gate?: (profile: TextProfile) => boolean;
  /**
   * Confirms a match (checksums, context, entropy). Omitted: the whole match is a secret of `kind`.
   * `null` means "not a secret, continue at the next character".
   */
  readonly check?: (match: string, index: number, text: string) => Hit | Resume | null;
}
