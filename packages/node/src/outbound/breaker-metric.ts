// Each remote service's breaker state as a gauge, read when metrics are collected:
//   faultline.outbound.breaker.state {faultline.outbound.service}  0 closed, 1 half-open, 2 open
import { metrics } from '@opentelemetry/api';
import { CircuitState } from 'cockatiel';
import { packageVersion } from '../package-version';
import { ATTR_OUTBOUND_SERVICE } from './outbound-attributes';

const STATE_VALUE: Readonly<Record<CircuitState, number>> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 2,
};

/** Latest registration per service name: a bounded map (one entry per name the app uses). */
const breakers = new Map<string, () => CircuitState>();
let registered = false;

export function breakerStateValue(state: CircuitState): number {
  return STATE_VALUE[state];
}

/** Adds `service`'s breaker to the gauge; the gauge itself is created on the first call. */
export function watchBreaker(service: string, state: () => CircuitState): void {
  breakers.set(service, state);
  if (registered) return;
  registered = true;
  metrics.getMeter('@faultline/node', packageVersion)
    .createObservableGauge('faultline.outbound.breaker.state', { description: 'Circuit breaker state per remote service: 0 closed, 1 half-open, 2 open' })
    .addCallback((result) => {
      for (const [name, read] of breakers) result.observe(STATE_VALUE[read()], { [ATTR_OUTBOUND_SERVICE]: name });
    });
}
