// Validation issues go back to clients, so they keep only where and why, never what was submitted:
// schema libraries attach the input (`input`, `received`, `value`) and sometimes quote it in the message.
import { safeGet } from './error-brand';
import { PLAIN_TOKEN } from './plain-token';

/** One field problem as a client sees it: `path` like `items.0.name`, never the submitted value. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
  readonly code?: string;
}

/** What `ValidationError` accepts: its own issues or a schema library's (zod, valibot, ajv-like). */
export interface ValidationIssueInput {
  readonly path?: string | readonly PropertyKey[];
  readonly message?: string;
  readonly code?: string;
  readonly [member: string]: unknown;
}

const MAX_ISSUES = 100;
const MAX_MESSAGE = 200;
const MAX_PATH = 200;
const VALUE_FIELDS = ['input', 'received', 'value', 'data'] as const;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a client
const CONTROL = /[\u0000-\u001f\u007f]/g;

function pathOf(raw: unknown): string {
  let path = '';
  if (typeof raw === 'string') path = raw;
  else if (Array.isArray(raw)) {
    path = raw
      .slice(0, 20)
      .map((segment: unknown) => (typeof segment === 'symbol' ? (segment.description ?? '') : String(segment)))
      .join('.');
  }
  return path.replace(CONTROL, '').slice(0, MAX_PATH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes the submitted value from a message: quoted anywhere, bare when long enough, as a whole word when short. */
function withoutValue(message: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
    return message;
  }
  const text = String(value);
  if (text.length === 0) return message;
  const quoted = new RegExp(`(["'\`])${escapeRegExp(text)}\\1`, 'g');
  const result = message.replace(quoted, '[value]');
  if (text.length >= 3) return result.split(text).join('[value]');
  // Short values (an age, a flag) are replaced only as whole words, so `x` does not eat every x.
  return /^\w+$/.test(text) ? result.replace(new RegExp(`\\b${text}\\b`, 'g'), '[value]') : result;
}

function messageOf(issue: unknown): string {
  const raw = safeGet(issue, 'message');
  let message = typeof raw === 'string' && raw.length > 0 ? raw.slice(0, MAX_MESSAGE * 4) : 'Invalid value.';
  for (const field of VALUE_FIELDS) message = withoutValue(message, safeGet(issue, field));
  return message.replace(CONTROL, ' ').slice(0, MAX_MESSAGE);
}

/** Copies issues into the public shape: path, message (without the value) and code only; at most 100. */
export function sanitizeIssues(issues: unknown): readonly ValidationIssue[] {
  if (!Array.isArray(issues)) return Object.freeze([]);
  const result: ValidationIssue[] = [];
  for (const issue of issues.slice(0, MAX_ISSUES)) {
    const code = safeGet(issue, 'code');
    const clean: ValidationIssue = {
      path: pathOf(safeGet(issue, 'path')),
      message: messageOf(issue),
      ...(typeof code === 'string' && PLAIN_TOKEN.test(code) ? { code } : {}),
    };
    result.push(Object.freeze(clean));
  }
  return Object.freeze(result);
}
