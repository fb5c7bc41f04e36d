// Scans one string for every secret and personal-data rule. Each rule is its own regular
// expression, compiled once per redactor and skipped unless the text holds one of its hints
// (a literal such as `eyJ`, `://`, `@`) and passes its gate (enough digits, dots, colons … in
// one counting pass). Rules confirm their matches (checksums, key names, entropy); overlapping
// hits are merged, so a secret is never left half-masked. Plain V8 stack frames take a fast path.
import { financialNumberRules } from './financial-numbers';
import { HIGH_ENTROPY_RULE, MIN_TEXT_TOKEN } from './high-entropy';
import { CLI_USER_RULE, keyValuePairRule, proseValueRule, spacedValueRule } from './key-value-pairs';
import { decodeOnce, MAX_DECODE_ROUNDS, toOriginal } from './percent-decoding';
import { personalDataRules } from './personal-data';
import type { ResolvedOptions } from './redact-options';
import { secretShapeRules } from './secret-patterns';
import type { KeyMatcher } from './sensitive-keys';
import type { Hit, TextProfile, TextRule } from './text-rule';

/**
 * Strings without any of these characters cannot hold a built-in match (every format has a
 * digit, a separator, a quote, `@` or `.`), so they are returned without running the rules.
 */
const CANDIDATE = /[0-9@:=/\\._"'-]/;

const FRAME_START = '\n    at ';
/**
 * V8 frame lines and nothing else: `at [async|new] name [as x] (location)` or `at location`,
 * where a location is a path or `node:` URL with line and column, `<anonymous>` or `native`.
 * No `=`, `?`, quotes or `://` (other than `file:///`), so no query string or credential fits.
 */
const PLAIN_FRAMES =
  /^(?:\n {4}at (?:(?:async |new )?[\w$.<>[\] #-]{1,200} (?:\[as [\w$.<> #-]{1,100}\] )?\((?:(?:file:\/\/)?[\w$.@+/\\:~ -]{1,500}:\d+:\d+|<anonymous>|native|index \d+)\)|(?:async )?(?:file:\/\/)?[\w$.@+/\\:~ -]{1,500}:\d+:\d+))+\n?$/;

/** Distinct frame blocks remembered per redactor, each at most FRAME_CACHE_MAX_LENGTH long (≤ 2 MB in all). */
const FRAME_CACHE_LIMIT = 128;
const FRAME_CACHE_MAX_LENGTH = 8192;

export interface TextScanner {
  /**
   * The text with every secret replaced; text past the length limit is cut and marked. An `identifier`
   * (the value of a key such as `requestId` or `x-amz-id-2`) is random on purpose: the entropy rule skips it.
   */
  scan(text: string, identifier?: boolean): string;
}

interface CompiledRule {
  readonly rule: TextRule;
  readonly pattern: RegExp;
  /** The hints as one literal alternation: one native pass instead of a search per hint. */
  readonly hints: RegExp | undefined;
}

function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function compile(rule: TextRule): CompiledRule {
  return {
    rule,
    pattern: new RegExp(rule.source, `g${rule.flags ?? ''}`),
    hints: rule.hints ? new RegExp(rule.hints.map(escapeLiteral).join('|')) : undefined,
  };
}

/** One pass over the text: character counts for the gates, and the long token runs for the entropy rule. */
function profileOf(text: string): TextProfile {
  let digits = 0, upper = 0, lower = 0, colons = 0, dots = 0, dashes = 0, equals = 0, quotes = 0, spaces = 0;
  const longRuns: number[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c !== 43 && c !== 47 && c !== 95 && c !== 126 && c !== 45 && c !== 46) {
      // Not a token character (letters, digits, `+/_~-.` are): a run of them ends here.
      if (i - runStart >= MIN_TEXT_TOKEN) longRuns.push(runStart, i);
      runStart = i + 1;
      if (c === 58) colons++;
      else if (c === 61) equals++;
      else if (c === 34 || c === 39) quotes++;
      else if (c === 32 || c === 9) spaces++;
      continue;
    }
    if (c === 46) dots++;
    else if (c === 45) dashes++;
  }
  if (text.length - runStart >= MIN_TEXT_TOKEN) longRuns.push(runStart, text.length);
  return { length: text.length, digits, upper, lower, colons, dots, dashes, equals, quotes, spaces, longRuns };
}

/**
 * Whole values that are never secrets and are everywhere in telemetry: ISO timestamps, UUIDs,
 * hex IDs with at least one letter (trace and span IDs, SHAs, digests), small integers, versions.
 */
const PLAIN_VALUE =
  /^(?:\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?)?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?=[0-9]*[a-fA-F])[0-9a-fA-F]{1,64}|\d{1,12}|v?\d{1,9}\.\d{1,9}(?:\.\d{1,9})?(?:-[\w.]{1,40})?)$/;

/** Every confirmed hit of one rule, in order. */
function collect({ rule, pattern, hints }: CompiledRule, text: string, hits: Hit[], profile?: TextProfile): void {
  if (profile && rule.gate && !rule.gate(profile)) return;
  if (hints && !hints.test(text)) return;
  if (rule.find) {
    if (profile) rule.find(text, hits, profile);
    return;
  }
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const verdict = rule.check
      ? rule.check(match[0], match.index, text)
      : { start: match.index, end: match.index + match[0].length, kind: rule.kind };
    if (verdict === null) {
      pattern.lastIndex = match.index + 1;
    } else if ('resume' in verdict) {
      pattern.lastIndex = Math.max(verdict.resume, match.index + 1);
    } else {
      if (verdict.end > verdict.start) hits.push(verdict);
      pattern.lastIndex = Math.max(verdict.end, match.index + 1);
    }
  }
}

export function createTextScanner(options: ResolvedOptions, keys: KeyMatcher): TextScanner {
  const customRules = options.patterns
    .map(({ kind, pattern }): TextRule => ({ kind, source: pattern.source, flags: pattern.flags.replace(/[gyd]/g, '') }))
    .map(compile);
  const rules: CompiledRule[] = [
    ...[
      ...secretShapeRules(),
      ...personalDataRules(options.personalKinds),
      keyValuePairRule(keys),
      spacedValueRule(keys),
      proseValueRule(keys),
      CLI_USER_RULE,
      ...financialNumberRules(options.personalKinds),
      HIGH_ENTROPY_RULE,
    ].map(compile),
    ...customRules,
  ];
  const anyHint = new RegExp(rules.flatMap(({ rule }) => rule.hints ?? []).map(escapeLiteral).join('|'));
  // Most strings hold no hint at all: then the hinted rules are not even visited.
  const hintedRules = rules.filter(({ rule }) => rule.hints !== undefined);
  const otherRules = rules.filter(({ rule }) => rule.hints === undefined);
  const alwaysScan = options.patterns.length > 0;
  const maxLength = options.limits.maxStringLength;

  function collectAll(text: string, hits: Hit[], identifier: boolean): void {
    const profile = profileOf(text);
    // One pass over every rule's hints first: most strings contain none, and then no hinted rule runs.
    const hinted = anyHint.test(text);
    if (hinted) for (const rule of hintedRules) collect(rule, text, hits, profile);
    for (const rule of otherRules) if (!identifier || rule.rule !== HIGH_ENTROPY_RULE) collect(rule, text, hits, profile);
  }

  function redactHits(text: string, identifier = false): string {
    if (!alwaysScan && (!CANDIDATE.test(text) || PLAIN_VALUE.test(text))) return text;
    const hits: Hit[] = [];
    collectAll(text, hits, identifier);
    // Percent-encoded text is scanned again decoded (bounded rounds); its hits land on the encoded original.
    let decoded = decodeOnce(text);
    for (let round = 1; decoded !== undefined; round++) {
      const decodedHits: Hit[] = [];
      collectAll(decoded.text, decodedHits, identifier);
      for (const hit of decodedHits) hits.push(toOriginal(hit, decoded));
      decoded = round < MAX_DECODE_ROUNDS ? decodeOnce(decoded.text, decoded.origin) : undefined;
    }
    return applyHits(text, hits);
  }

  function applyHits(text: string, hits: Hit[]): string {
    if (hits.length === 0) return text;
    // Earliest first; on a tie the earlier rule (more specific) names the kind. Overlaps merge.
    if (hits.length > 1) hits.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let copied = 0;
    for (let i = 0; i < hits.length; i++) {
      const hit = hits[i] as Hit;
      if (hit.end <= copied) continue;
      const start = Math.max(hit.start, copied);
      let end = hit.end;
      while (i + 1 < hits.length && (hits[i + 1] as Hit).start < end) end = Math.max(end, (hits[++i] as Hit).end);
      out += text.slice(copied, start) + options.render(hit.kind, text.slice(start, end));
      copied = end;
    }
    return out + text.slice(copied);
  }

  const frameRules = [...rules.filter(({ rule }) => rule.kind === 'user_path'), ...customRules];

  /**
   * Stack frames (`    at fn (/path/file.js:10:5)`) are most of a stack trace and hold no data,
   * only code locations; when every frame line has that exact shape, they are scanned for
   * home-directory user names only, and the message above them gets every rule.
   */
  // The same bug throws from the same frames: their (secret-free) scrubbed form is kept, bounded.
  const frameCache = new Map<string, string>();

  function redactStack(text: string, identifier: boolean): string {
    // A stack has a message line and at least one frame: short strings cannot be one.
    const firstFrame = text.length < 48 ? -1 : text.indexOf(FRAME_START);
    if (firstFrame === -1) return redactHits(text, identifier);
    const frames = text.slice(firstFrame);
    let cleanFrames = frameCache.get(frames);
    if (cleanFrames === undefined) {
      if (!PLAIN_FRAMES.test(frames)) return redactHits(text, identifier);
      const hits: Hit[] = [];
      for (const rule of frameRules) collect(rule, frames, hits);
      cleanFrames = applyHits(frames, hits);
      if (frames.length <= FRAME_CACHE_MAX_LENGTH) {
        if (frameCache.size >= FRAME_CACHE_LIMIT) frameCache.clear();
        frameCache.set(frames, cleanFrames);
      }
    }
    return redactHits(text.slice(0, firstFrame), identifier) + cleanFrames;
  }

  return {
    scan(text, identifier = false) {
      if (text.length <= maxLength) return redactStack(text, identifier);
      // Bounded work: only the first maxLength characters are scanned and kept. Cut at a space
      // near the limit so a secret straddling the cut is not left half-visible.
      const space = text.lastIndexOf(' ', maxLength);
      const end = space > maxLength - 256 ? space : maxLength;
      return redactStack(text.slice(0, end), identifier) + options.render('truncated');
    },
  };
}
