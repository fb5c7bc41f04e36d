// Turns one raw setting (environment text or a programmatic option) into a typed value, or says why not.
// Pure and table-driven: config.ts owns the table and the reading of process.env.

export type SettingType = 'boolean' | 'integer' | 'number' | 'string' | 'enum' | 'list';

export interface SettingDefinition<K extends string = string> {
  /** Property of the frozen config object. */
  readonly key: K;
  /** Environment variable; `FAULTLINE_*` ones are Faultline's, `OTEL_*` ones standard. */
  readonly env: string;
  readonly type: SettingType;
  /** Used when neither an option nor the environment gives a valid value; `undefined` means "not set". */
  readonly default: unknown;
  /** Allowed values: for `enum` the value, for `list` each item. */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function inRange(setting: SettingDefinition, n: number): Parsed {
  if (setting.min !== undefined && n < setting.min) return { ok: false, reason: `below the minimum ${setting.min}` };
  if (setting.max !== undefined && n > setting.max) return { ok: false, reason: `above the maximum ${setting.max}` };
  return { ok: true, value: n };
}

/** Environment text → value. Empty text counts as unset (callers skip it). */
export function parseEnvValue(setting: SettingDefinition, raw: string): Parsed {
  const text = raw.trim();
  switch (setting.type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: true };
      if (FALSE.has(lower)) return { ok: true, value: false };
      return { ok: false, reason: 'expected true or false' };
    }
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n) || (setting.type === 'integer' && !Number.isInteger(n))) {
        return { ok: false, reason: `expected ${setting.type === 'integer' ? 'an integer' : 'a number'}` };
      }
      return inRange(setting, n);
    }
    case 'enum': {
      const lower = text.toLowerCase();
      if (setting.values?.includes(lower)) return { ok: true, value: lower };
      return { ok: false, reason: `expected one of ${(setting.values ?? []).join(', ')}` };
    }
    case 'list': {
      const items = text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
      return validateList(setting, setting.values ? items.map((item) => item.toLowerCase()) : items);
    }
    case 'string':
      return { ok: true, value: text };
  }
}

function validateList(setting: SettingDefinition, items: readonly string[]): Parsed {
  const unknown = setting.values ? items.filter((item) => !setting.values?.includes(item)) : [];
  if (unknown.length > 0) return { ok: false, reason: `unknown ${unknown.join(', ')}; allowed: ${(setting.values ?? []).join(', ')}` };
  return { ok: true, value: Object.freeze([...items]) };
}

/** Programmatic option → value, with the same rules but typed input. */
export function parseOptionValue(setting: SettingDefinition, value: unknown): Parsed {
  switch (setting.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: 'expected a boolean' };
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (setting.type === 'integer' && !Number.isInteger(value))) {
        return { ok: false, reason: `expected ${setting.type === 'integer' ? 'an integer' : 'a number'}` };
      }
      return inRange(setting, value);
    case 'enum':
      return typeof value === 'string' && setting.values?.includes(value)
        ? { ok: true, value }
        : { ok: false, reason: `expected one of ${(setting.values ?? []).join(', ')}` };
    case 'list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? validateList(setting, value)
        : { ok: false, reason: 'expected an array of strings' };
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, reason: 'expected a string' };
  }
}
