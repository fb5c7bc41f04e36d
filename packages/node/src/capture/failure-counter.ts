// The failure counter `faultline.failures` {faultline.fingerprint, error.type, faultline.severity,
// http.route}: one count per recorded failure (the service is the resource's service.name). Counted in the
// process as the failure is recorded, before trace sampling or a full span export buffer can lose its span,
// and exported as a cumulative OTLP sum, so what Prometheus alerts on is exact: a lost export is made good
// by the next one. Only while metrics export is on (OTEL_METRICS_EXPORTER); otherwise one check and return.
import { context, metrics } from '@opentelemetry/api';
import type { Attributes, Counter } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import { ATTR_FINGERPRINT, ATTR_SEVERITY } from '@faultline/core';
import type { ErrorSummary } from '@faultline/core';
import { packageVersion } from '../package-version';

let counter: Counter | undefined;

/** Creates the counter on the global meter provider the SDK set up (called once metrics are on). */
export function registerFailureCounter(): void {
  counter = metrics.getMeter('@faultline/node', packageVersion).createCounter('faultline.failures', {
    description: 'Failures Faultline recorded, by bug (fingerprint), error type, severity and route',
    unit: '{failure}',
  });
}

/** Counts one recorded failure; the route is the one the framework matched for the active request. */
export function countFailure(summary: ErrorSummary): void {
  if (counter === undefined) return;
  const attributes: Attributes = { [ATTR_FINGERPRINT]: summary.fingerprint, 'error.type': summary.type, [ATTR_SEVERITY]: summary.severity };
  const route = getRPCMetadata(context.active())?.route;
  if (route !== undefined) attributes['http.route'] = route;
  counter.add(1, attributes);
}
