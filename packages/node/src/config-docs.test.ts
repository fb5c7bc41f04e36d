// docs/configuration.md and the settings table stay in step, both ways.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SETTINGS } from './config';

const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
const section = /<!-- section:configuration -->([\s\S]*?)<!-- \/section:configuration -->/.exec(page)?.[1] ?? '';

it('documents every setting of the table in docs/configuration.md', () => {
  const missing = SETTINGS.map((s) => s.env).filter((env) => !section.includes(`\`${env}\``));
  expect(missing).toEqual([]);
});

it('documents no FAULTLINE_* setting that the table does not have', () => {
  const documented = new Set(section.match(/\bFAULTLINE_[A-Z0-9_]+\b/g) ?? []);
  const known = new Set(SETTINGS.map((s) => s.env));
  expect([...documented].filter((env) => !known.has(env))).toEqual([]);
});
