// Recorded Jaeger answers (`/api/traces/<id>` from the local stack, example service, paths anonymised),
// for unit tests of the summary and the bug list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJaeger } from '../backend/jaeger-convert';
import { tracesAnswer } from '../backend/jaeger-schema';
import type { JaegerTrace } from '../backend/jaeger-schema';
import type { TraceData } from '../backend/types';

export type FixtureName = 'bug' | 'invoice' | 'ledger' | 'signup' | 'success' | 'timeout';

export function jaegerFixture(name: FixtureName): JaegerTrace {
  const raw: unknown = JSON.parse(readFileSync(join(__dirname, 'fixtures', `jaeger-${name}.json`), 'utf8'));
  const trace = tracesAnswer.parse(raw).data?.[0];
  if (trace === undefined) throw new Error(`fixture ${name} holds no trace`);
  return trace;
}

export function traceFixture(name: FixtureName): TraceData {
  return fromJaeger(jaegerFixture(name));
}
