// Secret formats recognised by their shape inside any text: provider keys, JWTs, PEM private
// keys, credentials in URLs and `Authorization` schemes. Each entry names the kind shown in the
// replacement. Boundaries (look-behinds) keep matches from starting inside longer words.
import type { TextRule } from './text-rule';

/**
 * Provider formats, each starting with its literal prefix (V8 scans fast for a literal first
 * character); the word boundary before the prefix is checked by hand in PROVIDER_KEYS.
 */
const PROVIDER_FORMATS: ReadonlyArray<readonly [kind: string, pattern: RegExp]> = [
  ['aws_access_key', /(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])/],
  ['github_token', /gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255}/],
  ['gitlab_token', /gl(?:pat|dt|rt|ptt|cbt|oas|imt|ft|soat|agent|ffct)-[A-Za-z0-9_-]{20,}/],
  ['slack_token', /xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}/],
  ['slack_webhook', /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{10,}/],
  ['stripe_key', /(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,}/],
  ['google_api_key', /AIza[0-9A-Za-z_-]{35}|GOCSPX-[A-Za-z0-9_-]{20,}|ya29\.[A-Za-z0-9_-]{20,}/],
  ['npm_token', /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/],
  ['sendgrid_key', /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/],
  ['twilio_key', /(?:SK|AC)[0-9a-fA-F]{32}(?![A-Za-z0-9])/],
  ['openai_api_key', /sk-(?:proj-|svcacct-|admin-|ant-[a-z]{3,5}\d{2}-)?[A-Za-z0-9_-]{20,}/],
  ['huggingface_token', /hf_[A-Za-z0-9]{30,}/],
  ['pypi_token', /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{40,}/],
  ['shopify_token', /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/],
  ['digitalocean_token', /do[opr]_v1_[a-f0-9]{64}/],
  ['square_token', /sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}/],
];

/** Whole-match versions, to name the provider of a match of the combined pattern. */
const PROVIDER_EXACT = PROVIDER_FORMATS.map(([kind, pattern]) => [kind, new RegExp(`^(?:${pattern.source})$`)] as const);

/** One rule for every provider: one pass, each alternative led by its literal prefix. */
const PROVIDER_KEYS: TextRule = {
  kind: 'api_key',
  // The shortest provider format (`xoxb-` + 10) is 15 characters: shorter text (`SKU-1000`) is skipped.
  gate: (p) => p.length >= 15,
  hints: [
    'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'AROA', 'APKA', 'ASCA', 'gh', 'github_pat_', 'gl', 'xox',
    'xapp-', 'hooks.slack.com', '_live_', '_test_', 'whsec_', 'AIza', 'GOCSPX-', 'ya29.', 'npm_', 'SG.', 'SK', 'AC',
    'sk-', 'hf_', 'pypi-', 'shp', '_v1_', 'sq0',
  ],
  source: PROVIDER_FORMATS.map(([, pattern]) => `(?:${pattern.source})`).join('|'),
  check: (match, index, text) => {
    // Not the tail of a longer word (`task-…` is not an OpenAI key).
    if (index > 0 && /[A-Za-z0-9]/.test(text[index - 1] as string)) return null;
    const kind = PROVIDER_EXACT.find(([, exact]) => exact.test(match))?.[0] ?? 'api_key';
    return { start: index, end: index + match.length, kind };
  },
};

const TELEGRAM_BOT_TOKEN: TextRule = {
  kind: 'telegram_token',
  gate: (p) => p.length >= 44,
  hints: [':AA'],
  source: /(?<![\w:])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/.source,
};

const PEM_PRIVATE_KEY: TextRule = {
  kind: 'private_key',
  gate: (p) => p.length >= 40,
  hints: ['PRIVATE KEY'],
  // A block cut short (no END line) is masked to the end of the text: fail closed.
  source: /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/.source,
};

const JWT: TextRule = {
  kind: 'jwt',
  gate: (p) => p.length >= 26 && p.dots >= 2,
  hints: ['eyJ'],
  source: /eyJ(?<![A-Za-z0-9_-]eyJ)[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/.source,
};

const URL_CREDENTIALS: TextRule = {
  kind: 'password',
  hints: ['://'],
  // scheme://user:password@host, anchored on `://`; the password ends at the last '@' before the path.
  source: /:\/\/[^\s:/?#@"'<>]*:[^\s/?#"'<>]*@/.source,
  check: (match, index) => {
    const passwordStart = match.indexOf(':', 3) + 1;
    const passwordEnd = match.length - 1;
    if (passwordEnd <= passwordStart) return { resume: index + match.length };
    return { start: index + passwordStart, end: index + passwordEnd, kind: 'password' };
  },
};

/** `Bearer <token>` / `Basic <base64>` anywhere in text (headers echoed in messages, curl lines). */
const AUTH_SCHEME: TextRule = {
  kind: 'token',
  gate: (p) => p.length >= 18,
  hints: ['earer', 'EARER', 'asic', 'ASIC'],
  source: /(?:[Bb]earer|BEARER|[Bb]asic|BASIC)(?<![A-Za-z0-9_-](?:[Bb]earer|BEARER|[Bb]asic|BASIC))\s+[A-Za-z0-9._~+/-]{12,}=*/.source,
  check: (match, index) => {
    const tokenStart = match.search(/\s/) + match.slice(match.search(/\s/)).search(/\S/);
    const token = match.slice(tokenStart);
    // Prose ("basic authentication-required") has no digits and no mixed case.
    const looksLikeCredential = /\d/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token));
    if (!looksLikeCredential) return null;
    const kind = /^basic/i.test(match) ? 'basic_auth' : 'bearer';
    return { start: index + tokenStart, end: index + match.length, kind };
  },
};

/** Shape-recognised secret rules, in scanning order (earlier wins when two start at one place). */
export function secretShapeRules(): TextRule[] {
  return [
    PEM_PRIVATE_KEY,
    JWT,
    URL_CREDENTIALS,
    PROVIDER_KEYS,
    TELEGRAM_BOT_TOKEN,
    AUTH_SCHEME,
  ];
}
