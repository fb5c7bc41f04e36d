// The redactor's options: their types, defaults and validation. Everything is checked once, when
// the redactor is built; a bad option throws InvalidOptionError there and never on the hot path.
import { createHmac } from 'node:crypto';
import { FaultlineError } from './errors';
import { PERSONAL_DATA_KINDS, type PersonalDataKind } from './personal-data';

export type PersonalDataPolicy = 'mask' | 'hash' | 'keep';
export type CorrelationStrategy = 'last4' | 'hash';

export interface CustomPattern {
  /** Named in the replacement: `[REDACTED:<kind>]`. */
  readonly kind: string;
  /** Matches the secret itself; flags other than `i`, `m`, `s`, `u` are ignored. */
  readonly pattern: RegExp;
}

export interface RedactionLimits {
  /** Object nesting below this depth is replaced by `[REDACTED:depth_limit]`. Default 32. */
  readonly maxDepth?: number;
  /** Objects, arrays and their members visited per `redact` call; the rest is masked. Default 10 000. */
  readonly maxNodes?: number;
  /** Characters scanned per string; the unscanned tail is cut off and marked. Default 65 536. */
  readonly maxStringLength?: number;
}

export interface RedactorOptions {
  /** More key names to treat as secrets (compared by word tokens like the built-in ones), or patterns on the raw key. */
  readonly keys?: ReadonlyArray<string | RegExp>;
  /** Keys whose values are copied exactly as they are: never masked, never scanned. */
  readonly keepKeys?: readonly string[];
  /** More secret formats to find inside strings. */
  readonly patterns?: readonly CustomPattern[];
  /** `'[REDACTED:{kind}]'` by default; a template with `{kind}`, or a function of the kind and a correlation hint. */
  readonly replacement?: string | ((kind: string, correlation?: string) => string);
  /** E-mail, IP and MAC addresses, IMEIs and user names in home paths: one policy or one per kind. Default `'mask'`. */
  readonly personalData?: PersonalDataPolicy | Readonly<Partial<Record<PersonalDataKind, PersonalDataPolicy>>>;
  /** Kinds (`credit_card`, `email`, `user_id` for an extra key `userId`, …) shown as their last four characters or a keyed hash. */
  readonly correlate?: Readonly<Record<string, CorrelationStrategy>>;
  /** The HMAC-SHA256 key for `'hash'`; required when any policy hashes. */
  readonly hashKey?: string | Uint8Array;
  readonly limits?: RedactionLimits;
}

export const INVALID_OPTION_CODE = 'FAULTLINE_INVALID_OPTION';

/** Thrown by `createRedactor` for a bad option; never thrown while redacting. */
export class InvalidOptionError extends FaultlineError {
  constructor(message: string) {
    super(message, { code: INVALID_OPTION_CODE, status: 500, expose: false });
    this.name = 'InvalidOptionError';
  }
}

export const DEFAULT_LIMITS: Required<RedactionLimits> = Object.freeze({
  maxDepth: 32,
  maxNodes: 10_000,
  maxStringLength: 65_536,
});

export interface ResolvedOptions {
  readonly keys: ReadonlyArray<string | RegExp>;
  readonly keepKeys: readonly string[];
  readonly patterns: readonly CustomPattern[];
  readonly limits: Required<RedactionLimits>;
  /** Personal-data kinds that are found and replaced (the ones whose policy is not `keep`). */
  readonly personalKinds: ReadonlySet<string>;
  /** The text that replaces a secret of this kind. */
  render(kind: string, secret?: string): string;
  /**
   * The text with every mask this redactor's template draws (with a collision suffix: `[REDACTED:session]#1`)
   * replaced by the word `masked`, so a key redacted before (`app.session.[REDACTED:session]`) names no secret.
   */
  unmask(text: string): string;
}

const KIND_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function fail(message: string): never {
  throw new InvalidOptionError(`createRedactor: ${message}`);
}

function checkKind(kind: unknown, where: string): string {
  if (typeof kind !== 'string' || !KIND_NAME.test(kind)) fail(`${where} must be 1-64 letters, digits, '_', '.' or '-'`);
  return kind;
}

function checkLimit(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`limits.${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function checkPatterns(patterns: unknown): CustomPattern[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns)) fail('patterns must be an array of { kind, pattern }');
  return patterns.map((entry: unknown, i) => {
    const { kind, pattern } = (entry ?? {}) as Partial<CustomPattern>;
    checkKind(kind, `patterns[${i}].kind`);
    if (!(pattern instanceof RegExp)) fail(`patterns[${i}].pattern must be a RegExp`);
    if (new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test('')) fail(`patterns[${i}].pattern matches the empty string`);
    return { kind: kind as string, pattern };
  });
}

function checkStringList(list: unknown, name: string, allowRegExp: boolean): Array<string | RegExp> {
  if (list === undefined) return [];
  if (!Array.isArray(list)) fail(`${name} must be an array`);
  for (const item of list) {
    const ok = (typeof item === 'string' && item.trim() !== '') || (allowRegExp && item instanceof RegExp);
    if (!ok) fail(`${name} must hold non-empty strings${allowRegExp ? ' or RegExps' : ''}`);
  }
  return list as Array<string | RegExp>;
}

function resolvePersonalPolicies(personal: unknown): Map<PersonalDataKind, PersonalDataPolicy> {
  const policies = new Map<PersonalDataKind, PersonalDataPolicy>();
  const isPolicy = (p: unknown): p is PersonalDataPolicy => p === 'mask' || p === 'hash' || p === 'keep';
  if (personal !== undefined && typeof personal !== 'object' && !isPolicy(personal)) {
    fail(`personalData must be 'mask', 'hash', 'keep' or an object by kind (${PERSONAL_DATA_KINDS.join(', ')})`);
  }
  const byKind = typeof personal === 'object' && personal !== null ? (personal as Record<string, unknown>) : {};
  for (const key of Object.keys(byKind)) {
    if (!(PERSONAL_DATA_KINDS as readonly string[]).includes(key)) fail(`personalData.${key} is not a personal-data kind`);
    if (!isPolicy(byKind[key])) fail(`personalData.${key} must be 'mask', 'hash' or 'keep'`);
  }
  for (const kind of PERSONAL_DATA_KINDS) {
    const policy = typeof personal === 'string' ? personal : byKind[kind];
    policies.set(kind, isPolicy(policy) ? policy : 'mask');
  }
  return policies;
}

function resolveCorrelation(correlate: unknown, personal: Map<PersonalDataKind, PersonalDataPolicy>): Map<string, CorrelationStrategy> {
  const strategies = new Map<string, CorrelationStrategy>();
  if (correlate !== undefined && (typeof correlate !== 'object' || correlate === null || Array.isArray(correlate))) {
    fail('correlate must be an object of kind → "last4" | "hash"');
  }
  for (const [kind, strategy] of Object.entries((correlate ?? {}) as Record<string, unknown>)) {
    checkKind(kind, `correlate key "${kind}"`);
    if (strategy !== 'last4' && strategy !== 'hash') fail(`correlate.${kind} must be 'last4' or 'hash'`);
    strategies.set(kind, strategy);
  }
  for (const [kind, policy] of personal) if (policy === 'hash' && !strategies.has(kind)) strategies.set(kind, 'hash');
  return strategies;
}

/** A mask as a template draws it (a function's masks are not known: its fallback text is). */
function maskSource(replacement: unknown): string {
  const template = typeof replacement === 'string' && replacement.includes('{kind}') ? replacement : '[REDACTED:{kind}]';
  const [before, after] = template.split('{kind}').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return `${before ?? ''}[A-Za-z0-9_.-]{1,64}(?:\\.\\.\\.[^\\s]{1,8}?|#[0-9a-f]{16})?${after ?? ''}(?:#\\d{1,6})?`;
}

function resolveRenderer(replacement: unknown): (kind: string, correlation?: string) => string {
  const template = replacement === undefined ? '[REDACTED:{kind}]' : replacement;
  if (typeof template === 'function') {
    const custom = template as (kind: string, correlation?: string) => string;
    return (kind, correlation) => {
      // A user callback must not break redaction: fall back to the default text, never to the secret.
      try {
        const text = custom(kind, correlation);
        if (typeof text === 'string') return text;
      } catch {
        /* fall through */
      }
      return `[REDACTED:${kind}${correlation ?? ''}]`;
    };
  }
  if (typeof template !== 'string' || template.length > 200) fail('replacement must be a template string (up to 200 characters) or a function');
  return (kind, correlation) => template.replace('{kind}', kind + (correlation ?? ''));
}

export function resolveOptions(options: RedactorOptions | undefined): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) fail('options must be an object');
  const opts = options ?? {};
  const personal = resolvePersonalPolicies(opts.personalData);
  const correlation = resolveCorrelation(opts.correlate, personal);
  const hashKey = opts.hashKey;
  const hashes = [...correlation.values()].includes('hash');
  if (hashKey !== undefined && !(typeof hashKey === 'string' ? hashKey.length > 0 : hashKey instanceof Uint8Array && hashKey.length > 0)) {
    fail('hashKey must be a non-empty string or Uint8Array');
  }
  if (hashes && hashKey === undefined) fail("a 'hash' policy needs hashKey (the HMAC-SHA256 key)");
  const draw = resolveRenderer(opts.replacement);
  const masks = new RegExp(maskSource(opts.replacement), 'g');
  const limits = opts.limits ?? {};
  if (typeof limits !== 'object' || limits === null) fail('limits must be an object');

  function correlationHint(kind: string, secret: string | undefined): string | undefined {
    const strategy = correlation.get(kind);
    if (strategy === undefined || secret === undefined || secret === '') return undefined;
    if (strategy === 'hash') return `#${createHmac('sha256', hashKey as string | Uint8Array).update(secret).digest('hex').slice(0, 16)}`;
    const compact = kind === 'credit_card' || kind === 'iban' ? secret.replace(/[ -]/g, '') : secret;
    // Too short to show four characters without giving most of it away.
    return compact.length >= 10 ? `...${compact.slice(-4)}` : undefined;
  }

  return {
    keys: checkStringList(opts.keys, 'keys', true),
    keepKeys: checkStringList(opts.keepKeys, 'keepKeys', false) as string[],
    patterns: checkPatterns(opts.patterns),
    limits: {
      maxDepth: checkLimit(limits.maxDepth, 'maxDepth', 1, 1000, DEFAULT_LIMITS.maxDepth),
      maxNodes: checkLimit(limits.maxNodes, 'maxNodes', 1, 10_000_000, DEFAULT_LIMITS.maxNodes),
      maxStringLength: checkLimit(limits.maxStringLength, 'maxStringLength', 256, 100_000_000, DEFAULT_LIMITS.maxStringLength),
    },
    personalKinds: new Set(PERSONAL_DATA_KINDS.filter((kind) => personal.get(kind) !== 'keep')),
    render: (kind, secret) => draw(kind, correlationHint(kind, secret)),
    unmask: (text) => text.replace(masks, 'masked'),
  };
}
