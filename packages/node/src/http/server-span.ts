// The HTTP server span's attributes, by the stable HTTP semantic conventions and the same as
// @opentelemetry/instrumentation-http puts on its own (method, scheme, path, query, server and client
// address, peer, protocol version, user agent, captured headers; status code and route at the end),
// computed without parsing a URL object per request. The span is Faultline's (incoming-requests.ts):
// instrumentation-http still traces outgoing calls.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMonitor } from 'node:events';
import { SpanKind, SpanStatusCode, metrics, trace } from '@opentelemetry/api';
import type { Attributes, Context, Histogram, Link, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import forwardedParse from 'forwarded-parse';
import { setOwnAttribute } from '../capture/direct-span-writes';
import { queueCapture } from '../capture/turn-queue';
import { startSpanDirectly } from './direct-span-start';
import { releaseKeepAliveContext } from './keep-alive-timer';
import { requestStateOf } from './request-context';
import { pathWithoutQuery } from './url-path';

export interface ServerSpanOptions {
  /** Request headers recorded as `http.request.header.<name>` (lower-case names). */
  readonly requestHeaders: readonly string[];
  /** Response headers recorded as `http.response.header.<name>`. */
  readonly responseHeaders: readonly string[];
  /** Record the `http.server.request.duration` histogram (only when a metrics pipeline was asked for). */
  readonly durationMetric: boolean;
}

let options: ServerSpanOptions = { requestHeaders: [], responseHeaders: [], durationMetric: false };

export function configureServerSpans(next: ServerSpanOptions): void {
  options = { ...next, requestHeaders: next.requestHeaders.map((name) => name.toLowerCase()), responseHeaders: next.responseHeaders.map((name) => name.toLowerCase()) };
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

/** The semconv method: a known one upper-cased, anything else `_OTHER` (the original is kept apart). */
function normalizeMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  if (KNOWN_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value.length === 0 ? undefined : value;
}

interface HostAndPort { readonly host: string; readonly port?: number }

// A server's requests name the same host over and over: the last answer is kept for the next request
// (Number() on the port text goes through V8's runtime, about 0.3 µs per request on Node 24).
let lastHost: { readonly value: string; readonly scheme: string | undefined; readonly parsed: HostAndPort } | undefined;

/** `host`, `host:port`, `[v6]` or `[v6]:port`; the scheme's default port when none is given. */
function parseHost(value: string, scheme: string | undefined): HostAndPort {
  if (lastHost !== undefined && lastHost.value === value && lastHost.scheme === scheme) return lastHost.parsed;
  const parsed = parseHostText(value, scheme);
  lastHost = { value, scheme, parsed };
  return parsed;
}

function parseHostText(value: string, scheme: string | undefined): HostAndPort {
  const defaultPort = scheme === 'https' ? 443 : scheme === 'http' ? 80 : undefined;
  const close = value.startsWith('[') ? value.indexOf(']') : -1;
  const colon = value.indexOf(':', close + 1);
  if (colon === -1 || (close === -1 && value.indexOf(':', colon + 1) !== -1)) return { host: value, port: defaultPort };
  const port = Number(value.slice(colon + 1));
  return { host: value.slice(0, colon), port: Number.isInteger(port) && port > 0 && port < 65536 ? port : defaultPort };
}

type Forwarded = ReturnType<typeof forwardedParse>;

// Most requests have no Forwarded header: one shared empty list instead of one per request.
const NO_FORWARDED: Forwarded = Object.freeze([]) as unknown as Forwarded;

/** The parsed `Forwarded` header, or nothing when it is absent or malformed. */
function parseForwarded(req: IncomingMessage): Forwarded {
  const header = req.headers.forwarded;
  if (header === undefined) return NO_FORWARDED;
  try {
    return forwardedParse(header);
  } catch {
    return NO_FORWARDED;
  }
}

/** Where the client addressed the request: Forwarded, then X-Forwarded-Host, then Host. */
function serverAddress(req: IncomingMessage, forwarded: Forwarded, scheme: string): HostAndPort | undefined {
  for (const entry of forwarded) if (entry.host !== undefined) return parseHost(entry.host, entry.proto);
  const forwardedHost = firstValue(req.headers['x-forwarded-host']);
  if (forwardedHost !== undefined) return parseHost(forwardedHost, firstValue(req.headers['x-forwarded-proto']));
  const host = req.headers.host;
  return host === undefined || host.length === 0 ? undefined : parseHost(host, scheme);
}

function withoutPort(address: string): string {
  if (address.startsWith('[')) return address.slice(1, Math.max(1, address.indexOf(']')));
  const colon = address.indexOf(':');
  return colon !== -1 && address.indexOf(':', colon + 1) === -1 ? address.slice(0, colon) : address;
}

/** The original client: Forwarded `for`, then the first X-Forwarded-For entry, then the socket's peer. */
function clientAddress(req: IncomingMessage, forwarded: Forwarded): string | undefined {
  for (const entry of forwarded) if (entry.for !== undefined) return withoutPort(entry.for);
  const forwardedFor = firstValue(req.headers['x-forwarded-for']);
  if (forwardedFor !== undefined) return withoutPort((forwardedFor.split(',', 1)[0] as string).trim());
  return req.socket?.remoteAddress;
}

function captureHeaders(into: Attributes, kind: 'request' | 'response', names: readonly string[], read: (name: string) => unknown): void {
  for (const name of names) {
    const value = read(name);
    if (value === undefined) continue;
    into[`http.${kind}.header.${name}`] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
}

/** The request's scheme: `https` on a TLS socket. */
function requestScheme(req: IncomingMessage): 'http' | 'https' {
  return (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http';
}

/** The attributes a server span starts with. */
function requestAttributes(req: IncomingMessage): Attributes {
  const method = normalizeMethod(req.method);
  const scheme = requestScheme(req);
  const target = req.url ?? '/';
  // An absolute-form target (`GET http://host/path`, sent to proxies) keeps only its path and query.
  const relative = target.startsWith('/') ? target : target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const path = pathWithoutQuery(relative);
  const socket = req.socket as IncomingMessage['socket'] | undefined;
  const forwarded = parseForwarded(req);
  // Only defined values: the span takes this object as it is (direct-span-start.ts).
  const attributes: Attributes = { 'http.request.method': method, 'url.scheme': scheme, 'url.path': path };
  if (req.httpVersion !== undefined) attributes['network.protocol.version'] = req.httpVersion;
  if (socket?.remoteAddress !== undefined) attributes['network.peer.address'] = socket.remoteAddress;
  if (socket?.remotePort !== undefined) attributes['network.peer.port'] = socket.remotePort;
  const client = clientAddress(req, forwarded);
  if (client !== undefined) attributes['client.address'] = client;
  const userAgent = req.headers['user-agent'];
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  // The query, when the target has a non-empty one after its path's `?`.
  if (path.length < relative.length - 1) attributes['url.query'] = relative.slice(path.length + 1);
  if (method !== req.method && req.method !== undefined) attributes['http.request.method_original'] = req.method;
  const server = serverAddress(req, forwarded, scheme);
  if (server !== undefined) {
    attributes['server.address'] = server.host;
    if (server.port !== undefined) attributes['server.port'] = server.port;
  }
  if (options.requestHeaders.length > 0) captureHeaders(attributes, 'request', options.requestHeaders, (name) => req.headers[name]);
  return attributes;
}

let duration: Histogram | undefined;

function durationHistogram(): Histogram {
  duration ??= metrics.getMeter('@faultline/node').createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests.',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });
  return duration;
}

interface ServerSpanEnd {
  /** The route a framework matched (from the RPC metadata), if any. */
  readonly route: string | undefined;
  /** When the request started (performance.now()), for the duration metric. */
  readonly startedAt: number;
  /** The type of the failure Faultline recorded for this request (its span status and error.type are set). */
  readonly failureType: string | undefined;
  /** What failed, when the response itself errored (a reset socket) before it finished. */
  readonly error?: Error;
  /** When the response closed (performance.now()): the span's end, however late it is recorded. */
  readonly endedAt: number;
}

/** Status code, route and response headers on the span; name `METHOD route`; 5xx failed; then ended. */
function endServerSpan(span: Span, req: IncomingMessage, res: ServerResponse, end: ServerSpanEnd): void {
  const method = normalizeMethod(req.method);
  const status = res.statusCode;
  setOwnAttribute(span, 'http.response.status_code', status);
  if (end.route !== undefined) {
    setOwnAttribute(span, 'http.route', end.route);
    span.updateName(`${method} ${end.route}`);
  }
  if (options.responseHeaders.length > 0) {
    const attributes: Attributes = {};
    captureHeaders(attributes, 'response', options.responseHeaders, (name) => res.getHeader(name));
    span.setAttributes(attributes);
  }
  // A recorded failure already set the status and error.type (the error's type); otherwise a response
  // error or a 5xx the app answered by itself marks the span failed with what is known.
  const errorType = end.failureType ?? end.error?.name ?? (status >= 500 ? String(status) : undefined);
  if (end.failureType === undefined && errorType !== undefined) {
    setOwnAttribute(span, 'error.type', errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
  }
  span.end(end.endedAt);
  if (options.durationMetric) {
    const attributes: Attributes = { 'http.request.method': method, 'url.scheme': requestScheme(req), 'http.response.status_code': status };
    if (end.route !== undefined) attributes['http.route'] = end.route;
    if (errorType !== undefined) attributes['error.type'] = errorType;
    durationHistogram().record((end.endedAt - end.startedAt) / 1000, attributes);
  }
}

// A ProxyTracer until the SDK registers its provider, then it delegates: safe to keep from the first call.
let tracer: Tracer | undefined;

/** A request's server span, a child of `parent` (named by the method until the route is known). */
export function startServerSpan(req: IncomingMessage, parent: Context, start: { startedAt?: number; links?: Link[] } = {}): Span {
  tracer ??= trace.getTracer('@faultline/node');
  const name = normalizeMethod(req.method);
  if (start.links === undefined) return startSpanDirectly(tracer, name, SpanKind.SERVER, requestAttributes(req), parent, start.startedAt);
  const options: SpanOptions = { kind: SpanKind.SERVER, attributes: requestAttributes(req), links: start.links };
  if (start.startedAt !== undefined) options.startTime = start.startedAt;
  return tracer.startSpan(name, options, parent);
}

/** Ends the span when the response closes (after it finished, or when the connection went away). */
export function endOnClose(span: Span, req: IncomingMessage, res: ServerResponse, route: () => string | undefined, startedAt: number): void {
  let error: Error | undefined;
  const end = (): void => {
    const endedAt = performance.now();
    releaseKeepAliveContext(req);
    const finish = (): void => endServerSpan(span, req, res, { route: route(), startedAt, endedAt, failureType: requestStateOf(req)?.failure?.type, error });
    // A failure the app answered is recorded after this turn (capture/turn-queue.ts): the span ends after
    // it, so the span and the duration metric carry its type.
    const state = requestStateOf(req);
    if (state?.pending !== undefined && state.failure === undefined) queueCapture(finish);
    else finish();
  };
  if (res.closed) {
    end();
    return;
  }
  res.once(errorMonitor, (cause: Error) => {
    error = cause;
  });
  res.once('close', end);
}
