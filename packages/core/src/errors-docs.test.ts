// Keeps docs/errors.md and the registry in step: every class and SDK code documented, nothing extra.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CLASSES, RemoteError, RequestIdError, SDK_ERROR_CODES } from './errors';
import type { FaultlineError } from './errors';
import { InvalidOptionError } from './redact-options';

/** The registry plus classes defined beside the code that throws them (they cannot join it without an import cycle). */
const ALL_CLASSES = [...ERROR_CLASSES, InvalidOptionError] as const;

const root = resolve(__dirname, '../../..');
const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');

function instanceOf(errorClass: (typeof ALL_CLASSES)[number]): FaultlineError {
  if (errorClass === RequestIdError) return new RequestIdError('x');
  if (errorClass === RemoteError) return new RemoteError();
  return new (errorClass as new (message?: string) => FaultlineError)('x');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('docs/errors.md', () => {
  it('documents every error class with its status, default code and exposure, and nothing else', () => {
    const documented = [...doc.matchAll(/^\| `(\w+)` \| (\d{3}) \| `([A-Z0-9_]+)` \| (yes|no) \|/gm)].map((m) => [m[1], Number(m[2]), m[3], m[4] === 'yes']);
    const actual = ALL_CLASSES.map((errorClass) => {
      const error = instanceOf(errorClass);
      return [error.name, error.status, error.code, error.expose];
    });
    expect(documented).toEqual(actual);
  });

  it('documents every SDK code, and documents no code the registry lacks', () => {
    const documented = [...doc.matchAll(/^\| `(FAULTLINE_[A-Z0-9_]+)` \| /gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(SDK_ERROR_CODES).sort());
  });

  it('registers every FAULTLINE_* error code the packages use', () => {
    const used = new Set<string>();
    for (const pkg of ['core', 'node', 'cli']) {
      for (const file of sourceFiles(join(root, 'packages', pkg, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/(?:\bcode\??\s*[:=]\s*|_CODE\s*=\s*|\bcode\??:\s*(?:'[A-Z_]+'\s*\|\s*)*)'(FAULTLINE_[A-Z0-9_]+)'/g)) {
          used.add(match[1] as string);
        }
      }
    }
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((code) => !(code in SDK_ERROR_CODES))).toEqual([]);
  });
});
