import { describe, expect, it } from 'vitest';
import { passesIbanCheck, passesLuhn } from './checksums';

describe('passesLuhn', () => {
  it('accepts published test card numbers and rejects a changed digit', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });

  it('rejects empty input and non-digits', () => {
    expect(passesLuhn('')).toBe(false);
    expect(passesLuhn('4111-1111-1111-1111')).toBe(false);
  });
});

describe('passesIbanCheck', () => {
  it('accepts the ISO 13616 examples with or without spaces', () => {
    expect(passesIbanCheck('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanCheck('DE89 3704 0044 0532 0130 00')).toBe(true);
  });

  it('rejects a wrong check, lower case and things too short to be an IBAN', () => {
    expect(passesIbanCheck('GB82WEST12345698765433')).toBe(false);
    expect(passesIbanCheck('gb82west12345698765432')).toBe(false);
    expect(passesIbanCheck('DE89 3704')).toBe(false);
  });
});
