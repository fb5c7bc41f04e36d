// The private mark: read back from the object it was put on, never from a copy, a look-alike or an
// object under another mark; invisible to keys, symbols and JSON; replaced by a second set.
import { describe, expect, it } from 'vitest';
import { createObjectMark } from './object-mark';

describe('createObjectMark', () => {
  it('reads back what was set on that object, and only there', () => {
    const mark = createObjectMark<string>();
    const target = { name: 'exception', attributes: { 'exception.message': 'boom' } };
    expect(mark.get(target)).toBeUndefined();
    expect(mark.set(target, 'first')).toBe(true);
    expect(mark.get(target)).toBe('first');
    mark.set(target, 'second');
    expect(mark.get(target)).toBe('second');

    expect(mark.get({ ...target })).toBeUndefined();
    expect(mark.get(Object.assign({}, target))).toBeUndefined();
    expect(mark.get(structuredClone(target))).toBeUndefined();
    expect(mark.get(Object.create(target) as object)).toBeUndefined();
    expect(createObjectMark<string>().get(target)).toBeUndefined();
  });

  it('leaves what the object shows unchanged: keys, symbols, JSON', () => {
    const mark = createObjectMark<boolean>();
    const target = { a: 1 };
    mark.set(target, true);
    expect(Reflect.ownKeys(target)).toEqual(['a']);
    expect(JSON.stringify(target)).toBe('{"a":1}');
  });

  it('marks instances of any class, functions and proxies (without calling a trap)', () => {
    const mark = createObjectMark<number>();
    class Span { readonly name = 'GET'; }
    const span = new Span();
    const fn = (): void => undefined;
    const traps: string[] = [];
    const proxy = new Proxy({}, new Proxy({}, { get: (_t, trap) => { traps.push(String(trap)); return undefined; } }));
    for (const [index, target] of [span, fn, proxy].entries()) {
      expect(mark.set(target, index)).toBe(true);
      expect(mark.get(target)).toBe(index);
    }
    expect(traps).toEqual([]);
  });

  it('answers unmarked for a value that is not an object, without throwing', () => {
    const mark = createObjectMark<boolean>();
    for (const value of [undefined, null, 'text', 1]) expect(mark.get(value as unknown as object)).toBeUndefined();
  });
});
