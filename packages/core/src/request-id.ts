// Request IDs are the trace ID itself, re-encoded for people: Crockford base32 (no I, L, O, U; read
// aloud without 0/O or 1/l confusion), a mod-37 check symbol that catches any single mistyped character
// and any swap of two neighbours, grouped in fours. Decoding needs no index: the ID *is* the trace ID.
//
//   trace ID  4bf92f3577b34da6a3ce929d0e0e4736  (128 bits)
//   ID        2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY  (26 data symbols + 1 check symbol = 27, groups 3-4-4-4-4-4-4)
import { RequestIdError } from './errors';

export { isValidUpstreamRequestId } from './upstream-id';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Crockford's check symbols: the data alphabet plus five extra for values 32–36. */
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;
const DATA_LENGTH = 26;
const LENGTH = DATA_LENGTH + 1;
const GROUPS = [3, 4, 4, 4, 4, 4, 4];
const TRACE_ID_LENGTH = 32;
const IGNORED = /[ \t-]/;
const SHOWN_INPUT = 64;
/** Value of each hex digit (either case) by character code; -1 for any other ASCII character. */
const HEX_VALUE: readonly number[] = Array.from({ length: 128 }, (_, code) => {
  const value = Number.parseInt(String.fromCharCode(code), 16);
  return Number.isNaN(value) ? -1 : value;
});

/** Decoding is tolerant of case and of the letters people confuse with digits. */
const DECODE = new Map<string, number>();
for (let value = 0; value < CHECK_ALPHABET.length; value += 1) {
  const symbol = CHECK_ALPHABET[value] as string;
  DECODE.set(symbol, value);
  DECODE.set(symbol.toLowerCase(), value);
}
for (const [alias, digit] of [['O', 0], ['o', 0], ['I', 1], ['i', 1], ['L', 1], ['l', 1]] as const) DECODE.set(alias, digit);

/** Where each of the 27 symbols lands in the grouped ID (a hyphen after the 3rd, then after every 4th). */
const POSITION: readonly number[] = Array.from({ length: LENGTH }, (_, i) => (i < GROUPS[0]! ? i : i + 1 + Math.floor((i - GROUPS[0]!) / 4)));
const GROUPED_LENGTH = LENGTH + GROUPS.length - 1;
const ALPHABET_CODES = Array.from(ALPHABET, (symbol) => symbol.charCodeAt(0));
const CHECK_CODES = Array.from(CHECK_ALPHABET, (symbol) => symbol.charCodeAt(0));
const HYPHEN = '-'.charCodeAt(0);
// Filled and read within one call: request IDs are made on every request, so no string is built piecewise
// (a plain array: String.fromCharCode.apply reads one faster than a typed array).
const codes: number[] = Array.from({ length: GROUPED_LENGTH }, () => HYPHEN);
const digits = new Uint8Array(TRACE_ID_LENGTH);

function invalidTraceId(): RequestIdError {
  return new RequestIdError('A request ID needs a trace ID of 32 hexadecimal digits, not all zero.', {
    code: 'FAULTLINE_INVALID_TRACE_ID',
  });
}

/** `4bf92f35…4736` (32 hex) → `2BZ-4QKA-…-HSPY`; throws `RequestIdError` (FAULTLINE_INVALID_TRACE_ID) otherwise. */
export function requestIdFromTraceId(traceId: string): string {
  if (typeof traceId !== 'string' || traceId.length !== TRACE_ID_LENGTH) throw invalidTraceId();
  // One pass checks the digits (either case) and computes the check, the value mod 37 (Horner over the
  // digits), in plain number arithmetic (BigInt allocated on every request).
  let remainder = 0;
  let any = 0;
  for (let i = 0; i < TRACE_ID_LENGTH; i += 1) {
    const code = traceId.charCodeAt(i);
    const value = code < 128 ? HEX_VALUE[code]! : -1;
    if (value < 0) throw invalidTraceId();
    digits[i] = value;
    any |= value;
    remainder = (remainder * 16 + value) % 37;
  }
  if (any === 0) throw invalidTraceId();
  codes[POSITION[DATA_LENGTH]!] = CHECK_CODES[remainder]!;
  // The symbols are the value's 5-bit groups, taken from the low end.
  let bits = 0;
  let carried = 0;
  let digit = TRACE_ID_LENGTH - 1;
  for (let index = DATA_LENGTH - 1; index >= 0; index -= 1) {
    while (carried < 5 && digit >= 0) {
      bits |= digits[digit]! << carried;
      carried += 4;
      digit -= 1;
    }
    codes[POSITION[index]!] = ALPHABET_CODES[bits & 31]!;
    bits >>>= 5;
    carried = Math.max(0, carried - 5);
  }
  return String.fromCharCode.apply(null, codes);
}

function describe(input: string): string {
  return input.length > SHOWN_INPUT ? 'request ID (too long to show)' : `request ID ${JSON.stringify(input)}`;
}

/**
 * The 32-hex trace ID a request ID stands for. Accepts any case, `O` for 0, `I`/`L` for 1, and ignores
 * hyphens and spaces; throws `RequestIdError` (FAULTLINE_INVALID_REQUEST_ID) naming the problem: the
 * length, the first character that is not in the alphabet (with its position), or a failed check.
 */
export function parseRequestId(requestId: string): string {
  const input = typeof requestId === 'string' ? requestId : '';
  const values: number[] = [];
  for (let position = 0; position < input.length && values.length <= LENGTH; position += 1) {
    const char = input[position] as string;
    if (IGNORED.test(char)) continue;
    const value = DECODE.get(char);
    const isCheck = values.length === DATA_LENGTH;
    if (value === undefined || (!isCheck && value >= 32)) {
      throw new RequestIdError(
        `Invalid ${describe(input)}: character ${JSON.stringify(char)} at position ${position + 1} is not allowed (use 0-9 and A-Z without I, L, O, U${isCheck ? '; the last may also be * ~ $ = U' : ''}).`,
      );
    }
    values.push(value);
  }
  if (values.length !== LENGTH) {
    const count = values.length > LENGTH ? `more than ${LENGTH}` : String(values.length);
    throw new RequestIdError(`Invalid ${describe(input)}: it has ${count} characters, a request ID has ${LENGTH} (hyphens and spaces aside).`);
  }
  let value = 0n;
  for (let index = 0; index < DATA_LENGTH; index += 1) value = (value << 5n) | BigInt(values[index] as number);
  if (Number(value % 37n) !== values[DATA_LENGTH]) {
    throw new RequestIdError(`Invalid ${describe(input)}: the check character does not match; a character is probably mistyped.`);
  }
  if (value >> 128n !== 0n || value === 0n) {
    throw new RequestIdError(`Invalid ${describe(input)}: it does not stand for a trace ID (the first character must be 0-7, and not every character 0).`);
  }
  return value.toString(16).padStart(32, '0');
}
