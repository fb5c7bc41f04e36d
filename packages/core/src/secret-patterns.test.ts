// Secrets inside free text, found by shape or by the key next to them. Every secret here is made
// up at run time from a seeded generator: synthetic values in the vendors' formats, valid nowhere.
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** A deterministic random-looking string (so failures are reproducible). */
function fake(length: number, alphabet = BASE62, seed = length * 7919): string {
  let state = seed % 2147483647 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 48271) % 2147483647; // Park–Miller: uniform enough for made-up keys
    out += alphabet[Math.floor((state / 2147483647) * alphabet.length)];
  }
  return out;
}

const redactor = createRedactor();
const scrub = (text: string): string => redactor.redactString(text);

const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from('{"sub":"user-1234","iat":1700000000}').toString('base64url')}.${fake(43, BASE62 + '-_')}`;
const pemBody = [fake(64, BASE62 + '+/', 1), fake(64, BASE62 + '+/', 2), fake(20, BASE62 + '+/', 3)];

describe('secrets recognised by their format', () => {
  it.each([
    ['AWS access key id', 'aws configure failed for ', `AKIA${fake(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, ' in eu-west-1', 'aws_access_key'],
    ['GitHub token', 'push rejected: ', `ghp_${fake(36)}`, ' lacks scope', 'github_token'],
    ['GitHub fine-grained token', 'GH_TOKEN ', `github_pat_${fake(22)}_${fake(59)}`, ' expired', 'github_token'],
    ['GitLab token', 'clone with ', `glpat-${fake(20, BASE62 + '-_')}`, ' failed', 'gitlab_token'],
    ['Slack bot token', 'invalid_auth for ', `xoxb-${fake(11, '0123456789')}-${fake(12, '0123456789')}-${fake(24)}`, '', 'slack_token'],
    ['Stripe secret key', 'charge failed using ', `sk_live_${fake(24)}`, ' (401)', 'stripe_key'],
    ['Google API key', 'geocoder quota exceeded for ', `AIza${fake(35, BASE62 + '-_')}`, '', 'google_api_key'],
    ['npm token', 'npm publish: 403 for ', `npm_${fake(36)}`, '', 'npm_token'],
    ['SendGrid key', 'mail refused: ', `SG.${fake(22, BASE62 + '-_')}.${fake(43, BASE62 + '-_')}`, '', 'sendgrid_key'],
    ['Twilio API key', 'sms failed, key ', `SK${fake(32, HEX)}`, '', 'twilio_key'],
    ['OpenAI key', 'model call with ', `sk-proj-${fake(48, BASE62 + '-_')}`, ' got 429', 'openai_api_key'],
    ['JWT', 'JsonWebTokenError: invalid signature for ', jwt, '', 'jwt'],
  ])('masks a %s and names it', (_, before, secret, after, kind) => {
    expect(scrub(before + secret + after)).toBe(`${before}[REDACTED:${kind}]${after}`);
  });

  it('masks the body of a PEM private key, including one cut short or escaped inside JSON', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody.join('\n')}\n-----END RSA PRIVATE KEY-----`;
    for (const text of [`ssh-agent refused ${pem} (agent)`, `key: ${pem.slice(0, 120)}`, JSON.stringify({ privateKey: pem })]) {
      const out = scrub(text);
      for (const line of pemBody) expect(out).not.toContain(line.slice(0, 40));
    }
    expect(scrub(`ssh-agent refused ${pem} (agent)`)).toBe('ssh-agent refused [REDACTED:private_key] (agent)');
  });

  it('masks passwords in URL userinfo and keeps the host, port and path', () => {
    expect(scrub('connect postgres://app:Sup3r-s3cret!@db.internal:5432/orders failed')).toBe(
      'connect postgres://app:[REDACTED:password]@db.internal:5432/orders failed',
    );
    expect(scrub('redis://:pa55word@cache.internal:6380/2 -- NOAUTH')).toBe('redis://:[REDACTED:password]@cache.internal:6380/2 -- NOAUTH');
    expect(scrub('https://example.com:8443/a@b')).toBe('https://example.com:8443/a@b');
  });

  it('masks bearer and basic credentials but not prose around the words', () => {
    const token = fake(40, BASE62 + '-_');
    expect(scrub(`bearer ${token} is expired`)).toBe('bearer [REDACTED:bearer] is expired');
    const basic = Buffer.from('admin:hunter2!').toString('base64');
    expect(scrub(`curl -H 'Authorization: Basic ${basic}' returned 401`)).not.toContain(basic);
    expect(scrub('basic authentication is not enabled for this bearer account')).toBe(
      'basic authentication is not enabled for this bearer account',
    );
  });
});

describe('secrets recognised by the key next to them', () => {
  it.each([
    ['logfmt', 'level=warn password=hunter2-Blue msg="login failed" user=42', 'level=warn password=[REDACTED:password] msg="login failed" user=42'],
    ['env dump', 'PGPASSWORD=Tundra^cobalt9218 psql exited 2', 'PGPASSWORD=[REDACTED:password] psql exited 2'],
    ['query string', 'GET /export?token=abc123def456&format=csv', 'GET /export?token=[REDACTED:token]&format=csv'],
    ['password with separators', 'DSN Server=db;User Id=app;Password=p@ss;word;Database=shop', 'DSN Server=db;User Id=app;Password=[REDACTED:password];Database=shop'],
    ['JSON in a string', '{"sku":"SKU-1","payload":{"Client-Secret":"s3cr3t-VALUE","n":1}}', '{"sku":"SKU-1","payload":{"Client-Secret":"[REDACTED:secret]","n":1}}'],
    ['escaped JSON in JSON', '{"args":"{\\"apiKey\\":\\"k-123456\\"}"}', '{"args":"{\\"apiKey\\":\\"[REDACTED:api_key]\\"}"}'],
    ['header line', 'request failed\nAuthorization: Bearer abc.def.ghi\nAccept: */*', 'request failed\nAuthorization: Bearer [REDACTED:authorization]\nAccept: */*'],
    ['cookie', 'Cookie: lang=de; PHPSESSID=e1hoc19snckh1c60vjbgfq8pds', 'Cookie: [REDACTED:cookie]; PHPSESSID=[REDACTED:session]'],
    ['YAML', 'smtp:\n  user: mailer\n  pass: quartz-thistle-973?', 'smtp:\n  user: mailer\n  pass: [REDACTED:password]'],
    ['a URL path parameter', '/cart;jsessionid=8F3C2A91B7D4E6F0?step=2', '/cart;jsessionid=[REDACTED:session]?step=2'],
    ['a structure under a sensitive key', '{"credentials":{"user":"svc","pass":"x"},"region":"eu"}', '{"credentials":[REDACTED:credentials],"region":"eu"}'],
    ['prose with a quoted value', 'login failed with password "Winter2024!" from api', 'login failed with password "[REDACTED:password]" from api'],
    ['prose with only letters', "wrong password 'hunter' given", "wrong password '[REDACTED:password]' given"],
    ['prose without quotes', 'session e1hoc19snckh1c60vjbgfq8pds expired; using api key abc123def456 now', 'session [REDACTED:session] expired; using api key [REDACTED:api_key] now'],
    ['command-line flags', 'deploy --api-key abc123 --region eu && curl -u admin:S3cr3t https://x', 'deploy --api-key [REDACTED:api_key] --region eu && curl -u admin:[REDACTED:password] https://x'],
  ])('masks the value in %s', (_, text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('keeps values of keys that only mention a secret, and prose', () => {
    for (const text of [
      'llm.token_count.prompt=4244 auth_method=oauth keyboard.layout=de-CH',
      'user requested a password reset link; email template reset_v3 rendered',
      'secret rotation job completed for 27 keys (values not logged)',
      'https://id.example.net/authorize?response_type=code&client_id=inventory-web&prompt=login',
      'E11000 duplicate key error collection: catalog.items index: sku_1 dup key: { sku: "SKU-WMH-605" }',
      'password: null, token: true',
      'node app.js | pino-http-send -u http://localhost:8080/logs',
      'password reset requested 3 times; token expired after 15 minutes; secret rotation for 27 keys',
    ]) {
      expect(scrub(text)).toBe(text);
    }
  });
});

describe('look-alikes that are never redacted', () => {
  it.each([
    ['trace and span ids', 'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7'],
    ['traceparent', 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['UUIDs', 'order 7cfecb43-48fc-4d97-82a9-467e4df174a9 not found'],
    ['git SHAs and digests', 'deploy 851b8b0564c903f365d643cf23a5b1d79eae0415 image sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae'],
    ['npm integrity', 'integrity sha512-Ksbg2qY3d3vMfc0u2sJaF0HrlVwZoSZ1lnYkYz3JfXvWyB8o0hT1yvN0CqK4mN6d5dZP0m7hQm4D7dA9sG2oUQ=='],
    ['timestamps', 'at 2024-04-19T21:31:28.761Z (epoch 1713562288761)'],
    ['order numbers and 16-digit numbers failing Luhn', 'barcode 4961201642071317 order ORD-2024-99812'],
    ['prices, versions, ports, statuses', 'EUR 790.00, v4.10.1-rc.3 on :5432, HTTP 422'],
    ['base64 of harmless text', `cursor=${Buffer.from('{"offset":3504,"limit":25}').toString('base64')}`],
    ['base64 of non-ASCII text', `note ${Buffer.from('Grüße aus München, Größe 42 — bitte zurückrufen').toString('base64')}`],
    ['stack frames', 'Error: boom\n    at Object.dispatch [as handler] (/usr/src/app/build/notify/dispatch.js:394:21)\n    at async Promise.all (index 0)'],
  ])('keeps %s', (_, text) => {
    expect(scrub(text)).toBe(text);
  });
});

describe('stack traces', () => {
  it('scrubs the message of every occurrence and the frames the same way each time (frames are remembered)', () => {
    const own = createRedactor();
    const frames = '\n    at load (/home/lpetrov/app/config.js:3:9)\n    at async main (/home/lpetrov/app/index.js:10:5)';
    const cleanFrames = '\n    at load (/home/[REDACTED:user_path]/app/config.js:3:9)\n    at async main (/home/[REDACTED:user_path]/app/index.js:10:5)';
    for (const secret of ['hunter2', 'swordfish9']) {
      expect(own.redactString(`Error: login as ann@example.com with password=${secret} failed${frames}`)).toBe(
        `Error: login as [REDACTED:email] with password=[REDACTED:password] failed${cleanFrames}`,
      );
    }
  });

  it('scans frame lines that do not have the plain V8 shape like any other text', () => {
    const odd = 'Error: x\n    at token=abc123 (weird)\n    at f (/app/a.js:1:2)';
    expect(scrub(odd)).toBe('Error: x\n    at token=[REDACTED:token] (weird)\n    at f (/app/a.js:1:2)');
  });
});

describe('numbers with check digits', () => {
  it('masks card numbers that pass Luhn in any grouping, and not ones that fail', () => {
    expect(scrub('charging 4111 1111 1111 1111 failed')).toBe('charging [REDACTED:credit_card] failed');
    expect(scrub('amex 3782-822463-10005 declined')).toBe('amex [REDACTED:credit_card] declined');
    expect(scrub('card 4111111111111112 declined')).toBe('card 4111111111111112 declined');
  });

  it('masks IBANs that pass mod 97 and US SSNs, keeping neighbours', () => {
    expect(scrub('payout to DE89 3704 0044 0532 0130 00 FAILED')).toBe('payout to [REDACTED:iban] FAILED');
    expect(scrub('payout to GB82WEST12345698765432.')).toBe('payout to [REDACTED:iban].');
    expect(scrub('iban GB82WEST12345698765433 rejected')).toBe('iban GB82WEST12345698765433 rejected');
    expect(scrub('applicant ssn 078-05-1120 on file')).toBe('applicant ssn [REDACTED:us_ssn] on file');
    expect(scrub('part 000-12-3456 and 2024-10-25')).toBe('part 000-12-3456 and 2024-10-25');
  });
});

describe('random-looking tokens without context', () => {
  it('masks a long mixed-case random token but not words, paths or hex', () => {
    const token = fake(40);
    expect(scrub(`grant ${token} revoked`)).toBe('grant [REDACTED:token] revoked');
    const plain = '/usr/src/app/node_modules/express/lib/router/layer.js ValidationErrorHandlerMiddleware';
    expect(scrub(plain)).toBe(plain);
    const url = 'see https://github.com/expressjs/express/security/advisories/GHSA-pj86-cfqh-vqx6 (CVE-2024-51999)';
    expect(scrub(url)).toBe(url);
    const base64Secret = `${fake(26, BASE62, 11)}/${fake(4, BASE62, 12)}/${fake(10, BASE62, 13)}`;
    expect(scrub(`value ${base64Secret}`)).toBe('value [REDACTED:token]');
  });
});
