// Small facts read from any thrown value, safely (getters may throw) and consistently across modules.
import { safeGet } from './error-brand';

const IDENTIFIER = /^[A-Za-z_$][\w$.]{0,127}$/;

/**
 * The error's type as recording shows it: its `name`, or its class name when `name` is the generic
 * `Error` of a subclass that never set one (`class DbError extends Error {}`).
 */
export function typeName(error: unknown): string {
  const name = safeGet(error, 'name');
  const ctorName = safeGet(safeGet(error, 'constructor'), 'name');
  if (typeof name === 'string' && name.length > 0 && name !== 'Error') return name;
  if (typeof ctorName === 'string' && IDENTIFIER.test(ctorName) && ctorName !== 'Object') return ctorName;
  return typeof name === 'string' && name.length > 0 ? name : 'Error';
}

/** True for a plain identifier-like string (fast path: such strings need no redaction). */
export function isPlainIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}

/** The error's machine code (`code`, string or number), if any. */
export function codeOf(error: unknown): string | undefined {
  const code = safeGet(error, 'code');
  if (typeof code === 'string') return code.length > 0 ? code : undefined;
  return typeof code === 'number' && Number.isFinite(code) ? String(code) : undefined;
}
