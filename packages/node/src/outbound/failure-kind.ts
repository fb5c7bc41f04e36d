// What went wrong on the wire, read from the error fetch/undici/node:net threw (its `code`, its name, or
// its causes'), so a reset, a DNS failure, a TLS failure and a timeout are told apart.
export type CommunicationKind = 'refused' | 'dns' | 'reset' | 'tls' | 'timeout' | 'other';

const BY_CODE: Readonly<Record<string, CommunicationKind>> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNRESET: 'reset',
  ECONNABORTED: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EPROTO: 'tls',
};

const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_)|CERT/;
const MAX_DEPTH = 4;

function field(value: unknown, key: string): unknown {
  try {
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

function kindOf(error: unknown): CommunicationKind | undefined {
  const code = field(error, 'code');
  if (typeof code === 'string') {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return 'tls';
  }
  const name = field(error, 'name');
  if (name === 'TimeoutError' || name === 'TaskCancelledError' || name === 'ConnectTimeoutError') return 'timeout';
  return undefined;
}

/**
 * The communication failure `error` stands for, looking through its causes (fetch throws
 * `TypeError('fetch failed')` with the socket error as cause); undefined for an error that is not one.
 */
export function communicationKind(error: unknown): CommunicationKind | undefined {
  let current = error;
  for (let depth = 0; depth < MAX_DEPTH && current !== undefined && current !== null; depth += 1) {
    const kind = kindOf(current);
    if (kind !== undefined) return kind;
    current = field(current, 'cause');
  }
  return field(error, 'name') === 'TypeError' && field(error, 'message') === 'fetch failed' ? 'other' : undefined;
}

/** The request never left this process (nothing to duplicate): safe to retry whatever the method. */
export function neverSent(kind: CommunicationKind): boolean {
  return kind === 'refused' || kind === 'dns';
}
