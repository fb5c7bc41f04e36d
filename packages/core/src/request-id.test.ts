import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RequestIdError } from './errors';
import { isValidUpstreamRequestId, parseRequestId, requestIdFromTraceId } from './request-id';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;
const FORMAT = /^[0-7][0-9A-HJKMNP-TV-Z]{2}(?:-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{3}[0-9A-HJKMNP-TV-Z*~$=U]$/;

function randomTraceId(): string {
  return randomBytes(16).toString('hex');
}

function errorOf(fn: () => unknown): RequestIdError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestIdError);
    return error as RequestIdError;
  }
  throw new Error('expected a RequestIdError');
}

describe('requestIdFromTraceId / parseRequestId', () => {
  it('encodes a known trace ID in the documented format and decodes it back', () => {
    const id = requestIdFromTraceId('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(id).toBe('2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY');
    expect(parseRequestId(id)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('round-trips random trace IDs and the extremes', () => {
    const samples = [...Array.from({ length: 200 }, randomTraceId), '00000000000000000000000000000001', 'f'.repeat(32)];
    for (const traceId of samples) {
      const id = requestIdFromTraceId(traceId);
      expect(id).toMatch(FORMAT);
      expect(parseRequestId(id)).toBe(traceId);
    }
  });

  it('accepts upper-case trace IDs and returns lower case', () => {
    expect(parseRequestId(requestIdFromTraceId('4BF92F3577B34DA6A3CE929D0E0E4736'))).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('reads what people type: any case, O for 0, I and L for 1, missing or extra hyphens, spaces', () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const id = requestIdFromTraceId(traceId);
    const typed = [id.toLowerCase(), id.replace(/-/g, ''), id.replace(/-/g, ' '), ` ${id.slice(0, 8)}--${id.slice(8)} `];
    const confused = id.replace(/0/g, 'O').replace(/1/g, 'l');
    for (const variant of [...typed, confused, confused.toLowerCase(), id.replace(/1/g, 'I')]) {
      expect(parseRequestId(variant)).toBe(traceId);
    }
  });

  it('catches every single mistyped character at every position (sample of 25 IDs)', () => {
    let caught = 0;
    for (let sample = 0; sample < 25; sample += 1) {
      const symbols = requestIdFromTraceId(randomTraceId()).replace(/-/g, '');
      for (let position = 0; position < symbols.length; position += 1) {
        const alphabet = position === symbols.length - 1 ? CHECK_ALPHABET : ALPHABET;
        for (const replacement of alphabet) {
          if (replacement === symbols[position]) continue;
          const typo = symbols.slice(0, position) + replacement + symbols.slice(position + 1);
          expect(() => parseRequestId(typo), typo).toThrow(RequestIdError);
          caught += 1;
        }
      }
    }
    expect(caught).toBe(25 * (26 * 31 + 36));
  });

  it('catches swapped neighbours', () => {
    for (let sample = 0; sample < 25; sample += 1) {
      const symbols = requestIdFromTraceId(randomTraceId()).replace(/-/g, '');
      for (let position = 0; position < symbols.length - 1; position += 1) {
        const [a, b] = [symbols[position], symbols[position + 1]];
        if (a === b) continue;
        const swapped = symbols.slice(0, position) + b + a + symbols.slice(position + 2);
        expect(() => parseRequestId(swapped), swapped).toThrow(RequestIdError);
      }
    }
  });

  it('says what is wrong: the length', () => {
    const error = errorOf(() => parseRequestId('2BZ-4QKA-XXK9'));
    expect(error.code).toBe('FAULTLINE_INVALID_REQUEST_ID');
    expect(error.status).toBe(400);
    expect(error.message).toBe('Invalid request ID "2BZ-4QKA-XXK9": it has 11 characters, a request ID has 27 (hyphens and spaces aside).');
    expect(errorOf(() => parseRequestId('2BZ4QKAXXK9PKA7KMJKM70WHSPYX')).message).toMatch(/more than 27 characters/);
    expect(errorOf(() => parseRequestId('')).message).toMatch(/it has 0 characters/);
  });

  it('says what is wrong: the character and its position', () => {
    expect(errorOf(() => parseRequestId('2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSP!')).message).toBe(
      'Invalid request ID "2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSP!": character "!" at position 33 is not allowed (use 0-9 and A-Z without I, L, O, U; the last may also be * ~ $ = U).',
    );
    expect(errorOf(() => parseRequestId('2BZ-4QKA-XXK9-PKAU-KMJK-M70W-HSPY')).message).toMatch(/character "U" at position 18 is not allowed/);
  });

  it('says what is wrong: the check character', () => {
    expect(errorOf(() => parseRequestId('2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPZ')).message).toBe(
      'Invalid request ID "2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPZ": the check character does not match; a character is probably mistyped.',
    );
  });

  it('rejects values that do not stand for a trace ID', () => {
    expect(errorOf(() => parseRequestId('000-0000-0000-0000-0000-0000-0000')).message).toMatch(/does not stand for a trace ID/);
    expect(errorOf(() => parseRequestId(undefined as never)).message).toMatch(/it has 0 characters/);
  });

  it('never echoes a huge or hostile input, and stays quick on it', () => {
    const huge = `<script>${'A'.repeat(1_000_000)}`;
    const error = errorOf(() => parseRequestId(huge));
    expect(error.message).toBe('Invalid request ID (too long to show): character "<" at position 1 is not allowed (use 0-9 and A-Z without I, L, O, U).');
    expect(errorOf(() => parseRequestId('A'.repeat(1_000_000))).message).toMatch(/more than 27 characters/);
    expect(errorOf(() => parseRequestId('2BZ\r\nX-Evil: 1')).message).toMatch(/character "\\r" at position 4/);
  });

  it('rejects trace IDs that are not 32 hex digits or are all zero', () => {
    for (const bad of ['', 'xyz', '0'.repeat(32), 'g'.repeat(32), 'a'.repeat(31), 'a'.repeat(33), null]) {
      expect(errorOf(() => requestIdFromTraceId(bad as never)).code).toBe('FAULTLINE_INVALID_TRACE_ID');
    }
  });
});

describe('isValidUpstreamRequestId', () => {
  it('accepts common request ID shapes, including our own', () => {
    for (const value of ['0af7651916cd43dd8448eb211c80319c', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'req_abc.123:4', 'a', 'abc+/=', requestIdFromTraceId(randomTraceId())]) {
      expect(isValidUpstreamRequestId(value), value).toBe(true);
    }
  });

  it('rejects hostile or oversized headers', () => {
    for (const value of ['', 'a'.repeat(129), 'abc\r\nSet-Cookie: x=1', '<script>alert(1)</script>', 'a b', '"quoted"', 'ünïcode', 'a\u0000b', 42, null, undefined, ['abc']]) {
      expect(isValidUpstreamRequestId(value), String(value)).toBe(false);
    }
    expect(isValidUpstreamRequestId('a'.repeat(128))).toBe(true);
  });
});
