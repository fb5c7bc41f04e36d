import { requestIdFromTraceId } from '@faultline/core';
import { describe, expect, it } from 'vitest';
import { candidatesFor } from './candidates';
import { normalizeSymbols, parseInput } from './request-input';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ID = requestIdFromTraceId(TRACE_ID); // 2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY

describe('parseInput: the ID in whatever was pasted', () => {
  it.each([
    ['the ID itself', ID],
    ['lower case with spaces', '2bz 4qka xxk9 pka7 kmjk m70w hspy'],
    ['no hyphens', ID.replace(/-/g, '')],
    ['extra and odd hyphens', '2B-Z4QKA--XXK9PKA7-KMJK-M7-0W-HSPY'],
    ['Crockford look-alikes (O for 0)', '2BZ-4QKA-XXK9-PKA7-KMJK-M7OW-HSPY'],
    ['an X-Request-ID line', `X-Request-ID: ${ID}\r\n`],
    ['a problem+json body', JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, requestId: ID })],
    ['a support page URL', `https://support.example/r/${ID}?x=1`],
    ['a sentence', `Hi, the page said "Something went wrong (reference ${ID})". Thanks`],
    ['the trace ID', TRACE_ID],
    ['a Jaeger trace URL', `http://127.0.0.1:16686/trace/${TRACE_ID}`],
  ])('finds it in %s', (_what, pasted) => {
    expect(parseInput(pasted)).toEqual({ kind: 'id', requestId: ID, traceId: TRACE_ID });
  });

  it('rejects what holds no ID, saying why, without echoing a huge input', () => {
    expect(parseInput('')).toMatchObject({ kind: 'invalid', reason: 'No request ID given.' });
    expect(parseInput('hello')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/5 characters/) });
    const huge = parseInput(`${'<b>'.repeat(50_000)}`);
    expect(huge.kind).toBe('invalid');
    expect(JSON.stringify(huge).length).toBeLessThan(400);
  });

  it('treats a check failure as mistyped and offers the correction among its candidates', () => {
    const typo = `${ID.slice(0, 5)}${ID[5] === 'Z' ? 'Y' : 'Z'}${ID.slice(6)}`;
    const parsed = parseInput(typo);
    expect(parsed.kind).toBe('mistyped');
    if (parsed.kind !== 'mistyped') return;
    expect(parsed.reason).toMatch(/check character/);
    expect(parsed.candidates.map((c) => c.requestId)).toContain(ID);
    expect(parsed.candidates.find((c) => c.requestId === ID)).toMatchObject({ correction: 'substituted', position: 5 });
  });
});

describe('candidatesFor: one slip away', () => {
  const symbols = normalizeSymbols(ID);
  const typos: Array<[string, string]> = [
    ['substituted', symbols.slice(0, 10) + (symbols[10] === 'A' ? 'B' : 'A') + symbols.slice(11)],
    ['swapped', symbols.slice(0, 3) + symbols[4] + symbols[3] + symbols.slice(5)],
    ['dropped', symbols.slice(0, 12) + symbols.slice(13)],
    ['doubled', symbols.slice(0, 7) + symbols[7] + symbols.slice(7)],
    ['dropped check character', symbols.slice(0, 26)],
  ];
  it.each(typos)('finds the original after a %s character', (_kind, typo) => {
    const candidates = candidatesFor(typo);
    expect(candidates.map((c) => c.traceId)).toContain(TRACE_ID);
    // The check character keeps the list short (a few dozen), so the store is asked once.
    expect(candidates.length).toBeLessThan(80);
    expect(candidates.map((c) => c.traceId)).not.toContain(undefined);
  });

  it('finds every single-character slip of many random IDs', () => {
    for (let n = 0; n < 20; n += 1) {
      const traceId = Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
      const s = normalizeSymbols(requestIdFromTraceId(traceId));
      const at = 1 + Math.floor(Math.random() * 24);
      for (const typo of [s.slice(0, at) + s.slice(at + 1), s.slice(0, at) + s[at] + s.slice(at)]) {
        expect(candidatesFor(typo).map((c) => c.traceId)).toContain(traceId);
      }
    }
  });
});
