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

interface Breaker {
  readonly state: CircuitState;
}

/**
 * The live breakers by service name. Weakly held, so a service the app drops (one built per tenant, say)
 * leaves the gauge with it instead of being kept alive by it.
 */
const breakers = new Map<string, Set<WeakRef<Breaker>>>();
let registered = false;

/** The worst state among `service`'s live breakers (several remoteService() of one name), or undefined. */
function stateOf(service: string, refs: Set<WeakRef<Breaker>>): number | undefined {
  let worst: number | undefined;
  for (const ref of refs) {
    const breaker = ref.deref();
    if (breaker === undefined) refs.delete(ref);
    else worst = Math.max(worst ?? 0, STATE_VALUE[breaker.state]);
  }
  if (refs.size === 0) breakers.delete(service);
  return worst;
}

/** Adds `service`'s breaker to the gauge; the gauge itself is created on the first call. */
export function watchBreaker(service: string, breaker: Breaker): void {
  const refs = breakers.get(service) ?? new Set();
  refs.add(new WeakRef(breaker));
  breakers.set(service, refs);
  if (registered) return;
  registered = true;
  metrics.getMeter('@faultline/node', packageVersion)
    .createObservableGauge('faultline.outbound.breaker.state', { description: 'Circuit breaker state per remote service: 0 closed, 1 half-open, 2 open' })
    .addCallback((result) => {
      for (const [name, refs] of breakers) {
        const value = stateOf(name, refs);
        if (value !== undefined) result.observe(value, { [ATTR_OUTBOUND_SERVICE]: name });
      }
    });
}
