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

export interface TextRule {
  readonly kind: string;
  /**
   * A regular-expression source compiled once into the scanner's combined pattern: no numbered
   * groups, and named groups only with names unique across all rules.
   */
  readonly source: string;
  /**
   * Confirms a match (checksums, context, entropy). Omitted: the whole match is a secret of `kind`.
   * `null` means "not a secret, continue at the next character".
   */
  readonly check?: (match: string, index: number, text: string) => Hit | Resume | null;
}
