// When the remote runs Faultline too: our call and its handling are one trace, and the RemoteError we get
// carries the remote's request ID, which resolves to that same trace.
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseRequestId } from '@faultline/core';
import { useScenario, waitFor } from '../../support';
import { request } from '../http/helpers';
import { traceOf, useDependency } from './helpers';

const scenario = useScenario();
const dependency = useDependency();
const APP = path.join(__dirname, 'app.cjs');

it('one trace holds both services, and the remote request ID names it', async () => {
  const remote = await scenario.start({ entry: APP, mode: 'require', env: { DEP_URL: dependency().url, NODE_ENV: 'production', OTEL_SERVICE_NAME: 'ledger-api' } });
  const local = await scenario.start({ entry: APP, mode: 'require', env: { DEP_URL: `${remote.url}/call`, NODE_ENV: 'production', OTEL_SERVICE_NAME: 'shop-api' } });
  const answer = await request(`${local.url}/call/conflict`, { signal: AbortSignal.timeout(8000) });
  expect(answer.status).toBe(502);
  // The remote answered a problem+json 502 (its own RemoteError): an API answer, retried as a 502.
  expect(dependency().hits.get('conflict')).toHaveLength(3);
  const traceId = parseRequestId(answer.requestId ?? '');
  const { call } = await traceOf(scenario.receiver, answer.requestId ?? '', 3, 'inventory');
  expect(call?.resource['service.name']).toBe('shop-api');
  expect(call?.attributes).toMatchObject({ 'faultline.outbound.outcome': 'api_error', 'faultline.remote.status': 502 });
  const remoteId = String(call?.attributes['faultline.remote.request_id']);
  expect(parseRequestId(remoteId)).toBe(traceId);
  const remoteServerSpans = await waitFor(() => {
    const found = scenario.receiver.spans.filter((span) => span.traceId === traceId && span.kind === 2 && span.resource['service.name'] === 'ledger-api');
    return found.length === 3 ? found : undefined;
  });
  expect(remoteServerSpans.every((span) => span.status.code === 2)).toBe(true);
});
