// The brand that recognises Faultline errors. `Symbol.for` is shared by every copy of the package a host
// loads (two versions side by side, a bundled and an installed copy), where `instanceof` is not.
export const FAULTLINE_ERROR_BRAND: unique symbol = Symbol.for('faultline.error') as never;

/** The fields every Faultline error carries, whichever copy of the package made it. */
export interface BrandedError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly severity?: unknown;
  readonly details?: Record<string, unknown>;
  readonly publicDetail?: string;
}

/** Reads a property without letting a throwing getter or proxy trap escape. */
export function safeGet(target: unknown, key: PropertyKey): unknown {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  try {
    return (target as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** True for an error made by any copy of `@faultline/core` (brand check, never `instanceof`). */
export function hasFaultlineBrand(value: unknown): value is BrandedError {
  return safeGet(value, FAULTLINE_ERROR_BRAND) === true;
}
