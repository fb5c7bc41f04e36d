// Replacing a module's export: plain CommonJS exports and import-in-the-middle's ESM namespaces take an
// assignment; tslib's re-export getters do not (those modules are patched at the file that defines it).

/** Sets `exports[key]` to `value`; false, without throwing, where the module does not take it. */
export function replaceExport(exports: object, key: string, value: unknown): boolean {
  try {
    (exports as Record<string, unknown>)[key] = value;
  } catch {
    return false;
  }
  return (exports as Record<string, unknown>)[key] === value;
}
