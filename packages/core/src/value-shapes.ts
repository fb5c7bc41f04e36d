// Small facts about values the redaction walk copies: what kind of object it is, and how to copy safely.

export function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isError(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

/** Assigns without triggering the `__proto__` setter, so a hostile key cannot swap the copy's prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** `setOwn` for each of `values`, under the key at the same index of `keys`. */
export function setAllOwn(target: Record<string, unknown>, keys: readonly string[], values: readonly unknown[]): void {
  for (let i = 0; i < values.length; i++) setOwn(target, keys[i] as string, values[i]);
}

export function structuredCloneOrSelf(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
