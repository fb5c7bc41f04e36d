// Numbers that identify a card, a bank account, a person or a phone: card numbers (Luhn and an
// issuer prefix), IMEIs (15 digits, Luhn), IBANs (mod 97) and US SSNs. Look-alikes that fail the
// checks (order numbers, barcodes, timestamps) are kept.
import { passesIbanCheck, passesLuhn } from './checksums';
import type { Hit, TextRule } from './text-rule';

/** Issuer prefixes and lengths of the card networks; 15 digits is only American Express. */
function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (digits.length === 15 ? !/^3[47]/.test(digits) : !/^(?:4|5[0-5]|2[2-7]|3[0-9]|6)/.test(digits)) return false;
  return passesLuhn(digits);
}

function digitRunRule(personalKinds: ReadonlySet<string>): TextRule {
  return {
    kind: 'credit_card',
    gate: (p) => p.digits >= 13,
    // 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4, IMEI 2-6-6-1 (spaces or dashes), or 13-19 bare digits.
    // No back-references (they make V8 slow): separators are normalised in the check instead.
    source:
      /\d(?<![\w.-]\d)(?:\d{12,18}|\d{3}[ -]\d{4}[ -]\d{4}[ -]\d{1,7}|\d{3}[ -]\d{6}[ -]\d{4,5}|\d[ -]\d{6}[ -]\d{6}[ -]\d)(?![\w-]|\.\d)/
        .source,
    check: (match, index) => {
      const digits = match.replace(/[ -]/g, '');
      const end = index + match.length;
      if (isCardNumber(digits)) return { start: index, end, kind: 'credit_card' };
      if (digits.length === 15 && personalKinds.has('imei') && passesLuhn(digits)) return { start: index, end, kind: 'imei' };
      return { resume: end };
    },
  };
}

const US_SSN: TextRule = {
  kind: 'us_ssn',
  gate: (p) => p.digits >= 9 && p.dashes >= 2,
  // Area 000, 666 and 9xx, group 00 and serial 0000 are never issued (checked after the match).
  source: /\d{3}(?<![\w-]\d{3})-\d{2}-\d{4}(?![\w-])/.source,
  check: (match, index) => (/^(?!000|666|9)\d{3}-(?!00)\d\d-(?!0000)/.test(match) ? { start: index, end: index + match.length, kind: 'us_ssn' } : null),
};

/** The longest run of four-character groups that passes mod 97 (a following word may have been swallowed). */
function ibanHit(match: string, index: number): Hit | null {
  const groups = match.split(' ');
  for (let count = groups.length; count >= 1; count--) {
    const candidate = groups.slice(0, count).join(' ');
    if (candidate.replace(/ /g, '').length < 15) break;
    if (passesIbanCheck(candidate)) return { start: index, end: index + candidate.length, kind: 'iban' };
  }
  return null;
}

const IBAN: TextRule = {
  kind: 'iban',
  gate: (p) => p.digits >= 2 && p.upper >= 2 && p.length >= 15,
  source: /[A-Z]{2}(?<![A-Za-z0-9][A-Z]{2})\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/.source,
  check: ibanHit,
};

export function financialNumberRules(personalKinds: ReadonlySet<string>): TextRule[] {
  return [US_SSN, IBAN, digitRunRule(personalKinds)];
}
