// A RemoteError's facts (status, code, request ID, service) as attributes on the failure's exception event
// and record, so the support lookup of our request ID also shows the remote's request ID to ask them about.
import type { Attributes } from '@opentelemetry/api';
import { ATTR_REMOTE_CODE, ATTR_REMOTE_REQUEST_ID, ATTR_REMOTE_SERVICE, ATTR_REMOTE_STATUS } from './attributes';
import { safeGet } from './error-brand';
import { isFaultlineError } from './errors';
import { PLAIN_TOKEN } from './plain-token';
import { isValidUpstreamRequestId } from './upstream-id';

export interface RemoteFacts {
  readonly status: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly service?: string;
}

const token = (value: unknown): value is string => typeof value === 'string' && PLAIN_TOKEN.test(value);

/** The facts of a RemoteError (from any copy of core), each checked again; undefined for other errors. */
export function remoteFactsOf(error: unknown): RemoteFacts | undefined {
  if (!isFaultlineError(error)) return undefined;
  const status = safeGet(error, 'remoteStatus');
  if (typeof status !== 'number' || !Number.isInteger(status)) return undefined;
  const code = safeGet(error, 'remoteCode');
  const requestId = safeGet(error, 'remoteRequestId');
  const service = safeGet(error, 'service');
  return {
    status,
    ...(token(code) ? { code } : {}),
    ...(isValidUpstreamRequestId(requestId) ? { requestId } : {}),
    ...(token(service) ? { service } : {}),
  };
}

export function remoteAttributes(facts: RemoteFacts | undefined): Attributes {
  if (facts === undefined) return {};
  const attributes: Attributes = { [ATTR_REMOTE_STATUS]: facts.status };
  if (facts.code !== undefined) attributes[ATTR_REMOTE_CODE] = facts.code;
  if (facts.requestId !== undefined) attributes[ATTR_REMOTE_REQUEST_ID] = facts.requestId;
  if (facts.service !== undefined) attributes[ATTR_REMOTE_SERVICE] = facts.service;
  return attributes;
}
