// OTEL_PROPAGATORS as the OpenTelemetry SDK reads it: W3C trace context and baggage by default, B3 in its
// single- or multi-header form when asked (its package loaded only then), nothing with `none`.
import { propagation } from '@opentelemetry/api';
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type * as B3 from '@opentelemetry/propagator-b3';

function b3(multiHeader: boolean): TextMapPropagator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured.
  const { B3InjectEncoding, B3Propagator } = require('@opentelemetry/propagator-b3') as typeof B3;
  return new B3Propagator({ injectEncoding: multiHeader ? B3InjectEncoding.MULTI_HEADER : B3InjectEncoding.SINGLE_HEADER });
}

export function setUpPropagation(names: readonly string[]): void {
  if (names.includes('none')) return;
  const propagators = [...new Set(names)].map((name) => {
    switch (name) {
      case 'tracecontext':
        return new W3CTraceContextPropagator();
      case 'baggage':
        return new W3CBaggagePropagator();
      default:
        return b3(name === 'b3multi');
    }
  });
  propagation.setGlobalPropagator(new CompositePropagator({ propagators }));
}
