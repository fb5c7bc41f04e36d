import { describe, expect, it } from 'vitest';
import { createKeyMatcher, keyTokens } from './sensitive-keys';

describe('keyTokens', () => {
  it('splits camelCase, separators and glued spellings into lower-case words', () => {
    expect(keyTokens('refreshToken')).toEqual(['refresh', 'token']);
    expect(keyTokens('X-API-Key')).toEqual(['x', 'api', 'key']);
    expect(keyTokens('PGPASSWORD')).toEqual(['pg', 'password']);
    expect(keyTokens('PHPSESSID')).toEqual(['php', 'session', 'id']);
    expect(keyTokens('llm.token_count.prompt')).toEqual(['llm', 'token', 'count', 'prompt']);
  });
});

describe('createKeyMatcher', () => {
  const keys = createKeyMatcher();

  it.each([
    ['password', 'password'], ['Passwd', 'password'], ['PWD', 'password'], ['smtp.pass', 'password'],
    ['user_password_confirmation', 'password'], ['client_secret', 'secret'], ['refreshToken', 'token'],
    ['x-api-key', 'api_key'], ['apikey', 'api_key'], ['Authorization', 'authorization'], ['Cookie', 'cookie'],
    ['set-cookie', 'cookie'], ['SESSION_ID', 'session'], ['laravel_session', 'session'], ['connect.sid', 'session'],
    ['card_number', 'credit_card'], ['CVV', 'credit_card'], ['ssn', 'us_ssn'], ['private_key', 'private_key'],
    ['credentials', 'credentials'], ['AWS_SECRET_ACCESS_KEY', 'api_key'], ['X-Amz-Signature', 'signature'],
    ['X-Hub-Signature-256', 'signature'], ['privateKeyPem', 'private_key'], ['card_no', 'credit_card'],
    ['pass_phrase', 'password'], ['express:sess', 'session'], ['Ocp-Apim-Subscription-Key', 'api_key'], ['pin_code', 'credit_card'],
    ['auth_key', 'authorization'], ['session_key', 'session'], ['consumerKey', 'api_key'], ['_authToken', 'token'],
  ])('treats %s as naming a secret (%s)', (key, kind) => {
    expect(keys.sensitiveKind(key)).toBe(kind);
  });

  it.each([
    'tokenCount', 'token_count', 'max_tokens', 'auth_method', 'authorization.decision', 'keyboard.layout',
    'cache.key', 'keyCount', 'secret_name', 'password_reset_url', 'session_timeout', 'traceId', 'author',
    'passport', 'bypass', 'signature_version', 'primary_key', 'tokenizer', 'api_key_id', 'token_limit', 'auth.user',
    'cookie_consent', 'password_policy',
  ])('keeps the ordinary key %s', (key) => {
    expect(keys.sensitiveKind(key)).toBeUndefined();
  });

  it('adds extra keys by words or pattern, and never flags kept keys', () => {
    const custom = createKeyMatcher({ extraKeys: ['userId', /^x-internal-/i], keepKeys: ['session_hint'] });
    expect(custom.sensitiveKind('user_id')).toBe('user_id');
    expect(custom.sensitiveKind('X-Internal-Route')).toBe('secret');
    expect(custom.sensitiveKind('sessionHint')).toBeUndefined();
    expect(custom.isKept('SESSION-HINT')).toBe(true);
  });
});
