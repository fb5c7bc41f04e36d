// Scans one string for every secret and personal-data rule in a single pass of one combined
// regular expression, compiled once per redactor. Rules confirm their own matches (checksums,
// key names, entropy) and say where scanning resumes, so a rejected match never hides a secret
// inside or after it.
import { financialNumberRules } from './financial-numbers';
import { HIGH_ENTROPY_RULE } from './high-entropy';
import { keyValuePairRule } from './key-value-pairs';
import { personalDataRules } from './personal-data';
import type { ResolvedOptions } from './redact-options';
import { secretShapeRules } from './secret-patterns';
import type { KeyMatcher } from './sensitive-keys';
import type { TextRule } from './text-rule';

/**
 * Strings without any of these characters cannot hold a built-in match (every format has a
 * digit, a separator, `@` or `.`), so they are returned without running the scanner.
 */
const CANDIDATE = /[0-9@:=/\\._-]/;

export interface TextScanner {
  /** The text with every secret replaced; text past the length limit is cut and marked. */
  scan(text: string): string;
}

export function createTextScanner(options: ResolvedOptions, keys: KeyMatcher): TextScanner {
  const rules: TextRule[] = [
    ...secretShapeRules(),
    ...personalDataRules(options.personalKinds),
    keyValuePairRule(keys),
    ...financialNumberRules(options.personalKinds),
    HIGH_ENTROPY_RULE,
  ];
  const groupNames = rules.map((_, i) => `r${i}`);
  const combined = new RegExp(rules.map((rule, i) => `(?<${groupNames[i]}>${rule.source})`).join('|'), 'g');
  const custom = options.patterns.map(({ kind, pattern }) => ({
    kind,
    pattern: new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '') + 'g'),
  }));
  const maxLength = options.limits.maxStringLength;

  function scanBuiltIn(text: string): string {
    if (!CANDIDATE.test(text)) return text;
    const re = combined; // not re-entrant: rule checks never call back into the scanner
    re.lastIndex = 0;
    let out = '';
    let copied = 0;
    let match: RegExpExecArray | null;
    while ((match = re.exec(text)) !== null) {
      const groups = match.groups as Record<string, string | undefined>;
      let ruleIndex = 0;
      while (groups[groupNames[ruleIndex] as string] === undefined) ruleIndex++;
      const rule = rules[ruleIndex] as TextRule;
      const verdict = rule.check
        ? rule.check(match[0], match.index, text)
        : { start: match.index, end: match.index + match[0].length, kind: rule.kind };
      if (verdict === null) {
        re.lastIndex = match.index + 1;
      } else if ('resume' in verdict) {
        re.lastIndex = Math.max(verdict.resume, match.index + 1);
      } else {
        out += text.slice(copied, verdict.start) + options.render(verdict.kind, text.slice(verdict.start, verdict.end));
        copied = verdict.end;
        re.lastIndex = Math.max(verdict.end, match.index + 1);
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  function scanCustom(text: string): string {
    let result = text;
    for (const { kind, pattern } of custom) {
      pattern.lastIndex = 0;
      result = result.replace(pattern, (secret: string) => options.render(kind, secret));
    }
    return result;
  }

  return {
    scan(text) {
      let scanned = text;
      let cut = '';
      if (text.length > maxLength) {
        // Bounded work: only the first maxLength characters are scanned and kept. Cut at a space
        // near the limit so a secret straddling the cut is not left half-visible.
        const space = text.lastIndexOf(' ', maxLength);
        const end = space > maxLength - 256 ? space : maxLength;
        scanned = text.slice(0, end);
        cut = options.render('truncated');
      }
      let result = scanBuiltIn(scanned);
      if (custom.length > 0) result = scanCustom(result);
      return cut === '' ? result : `${result}${cut}`;
    },
  };
}
