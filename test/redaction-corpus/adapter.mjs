// Adapter for the shared redaction corpus scorer (run by .ci/run after `npx tsc --build`):
// node ../shared/redaction-corpus/score.mjs ../shared/redaction-corpus/public.jsonl test/redaction-corpus/adapter.mjs
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createRedactor } = require('../../packages/core/dist/index.js');

const redactor = createRedactor();

export default function redact(input) {
  return redactor.redact(input);
}
