// Recording and responses redact with the caller's redactor, or else with one default redactor built
// once on first use (its patterns are compiled once, not per call).
import { createRedactor } from './redact';
import type { Redactor } from './redact';
import { reportOnce } from './report-once';

let shared: Redactor | undefined;

export function defaultRedactor(): Redactor {
  shared ??= createRedactor();
  return shared;
}

/** Shown instead of text the redactor failed on: unredacted text never goes out. */
export const REDACTION_FAILED = '[REDACTED:redaction_failed]';

/** Redacts one string; a redactor that throws or returns a non-string yields `REDACTION_FAILED`. */
export function redactText(redactor: Redactor, text: string): string {
  try {
    const result = redactor.redactString(text);
    return typeof result === 'string' ? result : REDACTION_FAILED;
  } catch (error) {
    reportOnce('a redactor threw; the text it was given is withheld', error);
    return REDACTION_FAILED;
  }
}
