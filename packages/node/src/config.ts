// The one place that reads process.env. Every setting is a row in SETTINGS (env key, type, default,
// allowed values, description); precedence is options > environment > defaults; the result is frozen.
// A bad environment value falls back to the default and becomes a warning (the preload reports each once
// through diag); a bad programmatic option throws a coded error when the config is built.
// To add a setting: add a property to FaultlineConfigValues and a row to SETTINGS, then document its env
// key in docs/configuration.md's configuration section (config-docs.test.ts checks both ways).
import { FaultlineError } from '@faultline/core';
import type { Mode } from '@faultline/core';
import { parseEnvValue, parseOptionValue } from './setting-parsers';
import type { SettingDefinition } from './setting-parsers';
import { COMPILE_CACHE_SETTING } from './process/compile-cache';

export type ExpressLayerSpans = 'handlers' | 'all' | 'none';
export type TracesSampler = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';
export type OtlpProtocol = 'http/protobuf' | 'http/json';
export type SignalExporter = 'otlp' | 'console' | 'none';
export type ErrorResponses = 'problem' | 'framework';
export type WsOnError = 'close' | 'keep-open';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type DiagLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

export interface FaultlineConfigValues {
  readonly mode: Mode;
  readonly sdkDisabled: boolean;
  readonly compileCache: boolean;
  readonly shutdownTimeoutMs: number;
  readonly crashFlushTimeoutMs: number;
  readonly exitOnUncaughtException: boolean;
  readonly exitOnUnhandledRejection: boolean;
  readonly expressLayerSpans: ExpressLayerSpans;
  readonly expressStableShapes?: boolean;
  readonly errorResponses: ErrorResponses;
  readonly requestIdHeader: boolean;
  readonly wsOnError: WsOnError;
  readonly disabledInstrumentations: readonly string[];
  readonly keepErrorTraces: boolean;
  readonly trustTraceparent: boolean;
  readonly errorBufferMaxTraces: number;
  readonly errorBufferMaxSpansPerTrace: number;
  readonly errorBufferMaxAgeMs: number;
  readonly exportBufferSize: number;
  readonly exportBufferBytes: number;
  readonly tracesSampler: TracesSampler;
  readonly tracesSamplerArg: number;
  readonly tracesExporter: SignalExporter;
  readonly logsExporter: SignalExporter;
  readonly metricsExporter?: string;
  readonly otlpProtocol: OtlpProtocol;
  readonly otlpTracesProtocol?: OtlpProtocol;
  readonly otlpLogsProtocol?: OtlpProtocol;
  readonly diagLevel?: DiagLevel;
  readonly propagators: readonly string[];
  readonly resourceDetectors?: readonly string[];
  readonly attributeValueLengthLimit?: number;
  readonly attributeCountLimit?: number;
  readonly spanAttributeValueLengthLimit?: number;
  readonly spanAttributeCountLimit?: number;
  readonly spanEventCountLimit?: number;
  readonly spanLinkCountLimit?: number;
  readonly spanExportDelayMs?: number;
  readonly spanExportTimeoutMs?: number;
  readonly spanMaxQueueSize?: number;
  readonly spanMaxExportBatchSize?: number;
  readonly logExportDelayMs?: number;
  readonly metricExportIntervalMs?: number;
  readonly metricExportTimeoutMs?: number;
  readonly logExportTimeoutMs?: number;
  readonly logMaxQueueSize?: number;
  readonly logMaxExportBatchSize?: number;
  readonly httpServerRequestHeaders: readonly string[];
  readonly httpServerResponseHeaders: readonly string[];
  readonly httpClientRequestHeaders: readonly string[];
  readonly httpClientResponseHeaders: readonly string[];
  readonly logLevel: LogLevel;
  readonly logStdout: boolean;
  readonly hashKey?: string;
}

export interface FaultlineConfig extends FaultlineConfigValues {
  /** Environment values that were refused, each with the default used instead. */
  readonly warnings: readonly string[];
}

export type FaultlineOptions = Partial<FaultlineConfigValues>;

const INSTRUMENTATIONS = ['http', 'express', 'fastify', 'koa', 'undici', 'pino', 'nestjs', 'hono', 'graphql', 'ws', 'bullmq'];
const PROTOCOLS = ['http/protobuf', 'http/json'];
const EXPORTERS = ['otlp', 'console', 'none'];
const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'];
const RESOURCE_DETECTORS = ['env', 'host', 'os', 'process', 'serviceinstance', 'all', 'none'];
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const ms = (max: number) => ({ type: 'integer' as const, min: 0, max });

export const SETTINGS: readonly SettingDefinition<keyof FaultlineConfigValues>[] = [
  { key: 'mode', env: 'FAULTLINE_MODE', type: 'enum', values: ['production', 'development'], default: undefined, description: 'Response mode; defaults to `development` only when `NODE_ENV` is `development` or `test`, else `production` (an unset `NODE_ENV` never shows internals).' },
  { key: 'sdkDisabled', env: 'OTEL_SDK_DISABLED', type: 'boolean', default: false, description: 'Turn the preload off entirely: no SDK, no capture, no handlers.' },
  COMPILE_CACHE_SETTING,
  { key: 'shutdownTimeoutMs', env: 'FAULTLINE_SHUTDOWN_TIMEOUT_MS', ...ms(60_000), default: 3000, description: 'Upper bound for flushing and shutting down on SIGTERM, SIGINT and normal exit.' },
  { key: 'crashFlushTimeoutMs', env: 'FAULTLINE_CRASH_FLUSH_TIMEOUT_MS', ...ms(30_000), default: 2000, description: 'Upper bound for flushing after an uncaught exception before the process exits.' },
  { key: 'exitOnUncaughtException', env: 'FAULTLINE_EXIT_ON_UNCAUGHT_EXCEPTION', type: 'boolean', default: true, description: 'Exit with code 1 after an uncaught exception (when the app has no `uncaughtException` listener of its own).' },
  { key: 'exitOnUnhandledRejection', env: 'FAULTLINE_EXIT_ON_UNHANDLED_REJECTION', type: 'boolean', default: false, description: 'Exit with code 1 after an unhandled rejection instead of recording it and serving on.' },
  { key: 'expressLayerSpans', env: 'FAULTLINE_EXPRESS_LAYER_SPANS', type: 'enum', values: ['none', 'handlers', 'all'], default: 'none', description: 'Express layer spans: `none` starts none (the route names the server span and is its `http.route`; a failure is recorded on the server span), about 20 µs of CPU less per request on Node 24 than `handlers`; `handlers` adds a span per router and route handler; `all` also one per middleware.' },
  { key: 'expressStableShapes', env: 'FAULTLINE_EXPRESS_STABLE_SHAPES', type: 'boolean', default: undefined, description: 'Give each Express request and response, before Express changes their prototype, the properties Express adds to them later (same values, created earlier), so V8 keeps one hidden class for all requests instead of one per request. Unset: on where V8 needs it (before V8 13.6, so Node 22: the benchmark\'s Express 4 app 132 → 55 µs of CPU per request uninstrumented), off where V8 keeps one hidden class itself (Node 24 and later). `true` / `false` force it.' },
  { key: 'errorResponses', env: 'FAULTLINE_ERROR_RESPONSES', type: 'enum', values: ['problem', 'framework'], default: 'problem', description: 'Who answers an error nobody handled and a request no route matched (Express, Fastify, Koa): `problem` writes problem+json (HTML for browsers); `framework` leaves the framework\'s own final handler, Fastify\'s own error and 404 replies and Koa\'s `ctx.onerror` in place (text/HTML/JSON bodies, development stacks, every `err.headers`, its stderr logging) and only records the failure.' },
  { key: 'requestIdHeader', env: 'FAULTLINE_REQUEST_ID_HEADER', type: 'boolean', default: true, description: 'Send the request ID as `X-Request-ID` on every response. `false` leaves the app\'s headers as they were (problem bodies still carry `requestId`).' },
  { key: 'wsOnError', env: 'FAULTLINE_WS_ON_ERROR', type: 'enum', values: ['close', 'keep-open'], default: 'close', description: 'What happens to a `ws` WebSocket whose `connection` or `message` listener threw or rejected (recorded either way; the process never crashes): `close` closes it with 1011 (internal error), `keep-open` leaves it open.' },
  { key: 'disabledInstrumentations', env: 'FAULTLINE_DISABLED_INSTRUMENTATIONS', type: 'list', values: INSTRUMENTATIONS, default: [], description: 'Comma-separated instrumentations not to load: `http`, `express`, `fastify`, `koa`, `undici`, `pino`, and Faultline\'s own hooks `nestjs`, `hono`, `graphql` (Yoga and Apollo), `ws`, `bullmq` (the framework then runs unpatched: its failures are not recorded).' },
  { key: 'trustTraceparent', env: 'FAULTLINE_TRUST_TRACEPARENT', type: 'boolean', default: true, description: 'Continue the trace named by an incoming `traceparent` header. Set `false` on an edge service facing the internet: each request then starts a new trace (and request ID) and links the caller\'s span context instead.' },
  { key: 'keepErrorTraces', env: 'FAULTLINE_KEEP_ERROR_TRACES', type: 'boolean', default: true, description: 'Export traces that the sampler dropped when one of their spans failed (errors survive sampling).' },
  { key: 'errorBufferMaxTraces', env: 'FAULTLINE_ERROR_BUFFER_MAX_TRACES', type: 'integer', min: 1, max: 1_000_000, default: 2048, description: 'Unsampled traces held in memory at once while waiting to see whether they fail; the oldest is dropped (and counted) beyond this.' },
  { key: 'errorBufferMaxSpansPerTrace', env: 'FAULTLINE_ERROR_BUFFER_MAX_SPANS_PER_TRACE', type: 'integer', min: 1, max: 100_000, default: 256, description: 'Spans held per unsampled trace; further spans are dropped (and counted).' },
  { key: 'errorBufferMaxAgeMs', env: 'FAULTLINE_ERROR_BUFFER_MAX_AGE_MS', type: 'integer', min: 100, max: 3_600_000, default: 60_000, description: 'How long an unsampled trace is held at most before it is decided (exported if failed, else dropped).' },
  { key: 'exportBufferSize', env: 'FAULTLINE_EXPORT_BUFFER_SIZE', type: 'integer', min: 1, max: 1_000_000, default: 2048, description: 'Spans (and, separately, log records) waiting for the Collector at most; when it is down or slow the oldest successful-request items are dropped first (and counted), failures last, so the newest failures go out first once it is back.' },
  { key: 'exportBufferBytes', env: 'FAULTLINE_EXPORT_BUFFER_BYTES', type: 'integer', min: 65_536, max: 1_073_741_824, default: 16_777_216, description: 'Bytes of spans (and, separately, log records) waiting for the Collector at most, estimated from their text (stacks are most of it); beyond it the oldest are dropped as for `FAULTLINE_EXPORT_BUFFER_SIZE`. Bounds memory in a storm of failures.' },
  { key: 'tracesSampler', env: 'OTEL_TRACES_SAMPLER', type: 'enum', values: SAMPLERS, default: 'parentbased_always_on', description: 'Standard trace sampler.' },
  { key: 'tracesSamplerArg', env: 'OTEL_TRACES_SAMPLER_ARG', type: 'number', min: 0, max: 1, default: 1, description: 'Ratio for the `traceidratio` samplers.' },
  { key: 'tracesExporter', env: 'OTEL_TRACES_EXPORTER', type: 'enum', values: EXPORTERS, default: 'otlp', description: 'Where spans go.' },
  { key: 'logsExporter', env: 'OTEL_LOGS_EXPORTER', type: 'enum', values: EXPORTERS, default: 'otlp', description: 'Where log records go.' },
  { key: 'metricsExporter', env: 'OTEL_METRICS_EXPORTER', type: 'string', default: undefined, description: '`otlp` (in the `OTEL_EXPORTER_OTLP_PROTOCOL` encoding) or `console` starts a metrics pipeline, and Faultline\'s server spans then also record `http.server.request.duration`; unset or `none`: no metrics. With metrics on, Faultline also exports its own loss counters (`faultline.sdk.*`).' },
  { key: 'otlpProtocol', env: 'OTEL_EXPORTER_OTLP_PROTOCOL', type: 'enum', values: PROTOCOLS, default: 'http/protobuf', description: 'OTLP encoding over HTTP (gRPC is not supported).' },
  { key: 'otlpTracesProtocol', env: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', type: 'enum', values: PROTOCOLS, default: undefined, description: 'OTLP encoding for traces only.' },
  { key: 'otlpLogsProtocol', env: 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', type: 'enum', values: PROTOCOLS, default: undefined, description: 'OTLP encoding for logs only.' },
  { key: 'diagLevel', env: 'OTEL_LOG_LEVEL', type: 'enum', values: ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'], default: undefined, description: 'OpenTelemetry\'s `diag` logger (Faultline\'s own warnings among it) to stderr from this level; unset: silent.' },
  { key: 'propagators', env: 'OTEL_PROPAGATORS', type: 'list', values: PROPAGATORS, default: ['tracecontext', 'baggage'], description: 'Context propagation formats: `tracecontext`, `baggage`, `b3` (single header), `b3multi`, or `none`.' },
  { key: 'resourceDetectors', env: 'OTEL_NODE_RESOURCE_DETECTORS', type: 'list', values: RESOURCE_DETECTORS, default: undefined, description: 'Resource detectors for spans and log records: `env`, `host`, `os`, `process`, `serviceinstance`, `all` or `none`; unset: `env,process,host`.' },
  { key: 'attributeValueLengthLimit', env: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', type: 'integer', min: 0, max: 100_000_000, default: undefined, description: 'Longest attribute string value kept (span and log records); unset: no limit.' },
  { key: 'attributeCountLimit', env: 'OTEL_ATTRIBUTE_COUNT_LIMIT', type: 'integer', min: 0, max: 100_000, default: undefined, description: 'Attributes per span, event or link (default 128).' },
  { key: 'spanAttributeValueLengthLimit', env: 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', type: 'integer', min: 0, max: 100_000_000, default: undefined, description: 'As `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, for spans only.' },
  { key: 'spanAttributeCountLimit', env: 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', type: 'integer', min: 0, max: 100_000, default: undefined, description: 'As `OTEL_ATTRIBUTE_COUNT_LIMIT`, for spans only.' },
  { key: 'spanEventCountLimit', env: 'OTEL_SPAN_EVENT_COUNT_LIMIT', type: 'integer', min: 0, max: 100_000, default: undefined, description: 'Events per span (default 128).' },
  { key: 'spanLinkCountLimit', env: 'OTEL_SPAN_LINK_COUNT_LIMIT', type: 'integer', min: 0, max: 100_000, default: undefined, description: 'Links per span (default 128).' },
  { key: 'spanExportDelayMs', env: 'OTEL_BSP_SCHEDULE_DELAY', ...ms(600_000), default: undefined, description: 'Span batch delay.' },
  { key: 'spanExportTimeoutMs', env: 'OTEL_BSP_EXPORT_TIMEOUT', ...ms(600_000), default: undefined, description: 'Span export timeout.' },
  { key: 'spanMaxQueueSize', env: 'OTEL_BSP_MAX_QUEUE_SIZE', type: 'integer', min: 1, max: 10_000_000, default: undefined, description: 'Spans queued at most; beyond it they are dropped.' },
  { key: 'spanMaxExportBatchSize', env: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', type: 'integer', min: 1, max: 10_000_000, default: undefined, description: 'Spans per export.' },
  { key: 'logExportDelayMs', env: 'OTEL_BLRP_SCHEDULE_DELAY', ...ms(600_000), default: undefined, description: 'Log batch delay.' },
  { key: 'logExportTimeoutMs', env: 'OTEL_BLRP_EXPORT_TIMEOUT', ...ms(600_000), default: undefined, description: 'Log export timeout.' },
  { key: 'logMaxQueueSize', env: 'OTEL_BLRP_MAX_QUEUE_SIZE', type: 'integer', min: 1, max: 10_000_000, default: undefined, description: 'Log records queued at most; beyond it they are dropped.' },
  { key: 'logMaxExportBatchSize', env: 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', type: 'integer', min: 1, max: 10_000_000, default: undefined, description: 'Log records per export.' },
  { key: 'metricExportIntervalMs', env: 'OTEL_METRIC_EXPORT_INTERVAL', type: 'integer', min: 1, max: 3_600_000, default: undefined, description: 'Milliseconds between metric exports (default 60000).' },
  { key: 'metricExportTimeoutMs', env: 'OTEL_METRIC_EXPORT_TIMEOUT', ...ms(600_000), default: undefined, description: 'Metric export timeout (default 30000), at most `FAULTLINE_SHUTDOWN_TIMEOUT_MS` so the last export at exit keeps the bound.' },
  { key: 'httpServerRequestHeaders', env: 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST', type: 'list', default: [], description: 'Incoming request headers recorded on server spans (values are redacted before export).' },
  { key: 'httpServerResponseHeaders', env: 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_RESPONSE', type: 'list', default: [], description: 'Response headers recorded on server spans.' },
  { key: 'httpClientRequestHeaders', env: 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_REQUEST', type: 'list', default: [], description: 'Outgoing request headers recorded on client spans.' },
  { key: 'httpClientResponseHeaders', env: 'OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_CLIENT_RESPONSE', type: 'list', default: [], description: 'Response headers recorded on client spans.' },
  { key: 'logLevel', env: 'FAULTLINE_LOG_LEVEL', type: 'enum', values: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], default: 'info', description: 'Lowest level `createLogger()` loggers write (Faultline\'s own failure records are always written).' },
  { key: 'logStdout', env: 'FAULTLINE_LOG_STDOUT', type: 'boolean', default: true, description: 'Write `createLogger()` lines as JSON to stdout, besides shipping them over OTLP.' },
  { key: 'hashKey', env: 'FAULTLINE_HASH_KEY', type: 'string', default: undefined, description: 'HMAC-SHA256 key for user identifiers in security events; unset: a random key per process (hashes then match only within one process).' },
];

type Environment = Readonly<Record<string, string | undefined>>;

/** Builds the frozen config from options, an environment (process.env by default) and the defaults. */
export function buildConfig(options: FaultlineOptions = {}, env: Environment = process.env): FaultlineConfig {
  const values: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const setting of SETTINGS) {
    if (Object.prototype.hasOwnProperty.call(options, setting.key) && options[setting.key] !== undefined) {
      const parsed = parseOptionValue(setting, options[setting.key]);
      if (!parsed.ok) {
        throw new FaultlineError(`Invalid Faultline option ${setting.key}: ${parsed.reason}`, { code: 'FAULTLINE_INVALID_OPTION' });
      }
      values[setting.key] = parsed.value;
      continue;
    }
    const raw = env[setting.env];
    values[setting.key] = setting.default;
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = parseEnvValue(setting, raw);
    if (parsed.ok) values[setting.key] = parsed.value;
    else warnings.push(`${setting.env}=${JSON.stringify(raw.slice(0, 80))} ignored (${parsed.reason}); using ${JSON.stringify(setting.default) ?? 'the SDK default'}`);
  }
  // Fail safe: internals are shown only where the environment says this is a developer's machine.
  values.mode ??= env.NODE_ENV === 'development' || env.NODE_ENV === 'test' ? 'development' : 'production';
  return Object.freeze({ ...values, warnings: Object.freeze(warnings) }) as FaultlineConfig;
}

let fromEnvironment: FaultlineConfig | undefined;

/** The config: read once from the environment (memoised) unless options are given. */
export function loadConfig(options?: FaultlineOptions): FaultlineConfig {
  if (options && Object.keys(options).length > 0) return buildConfig(options);
  fromEnvironment ??= buildConfig();
  return fromEnvironment;
}

/**
 * True when OTLP TLS files are configured (`OTEL_EXPORTER_OTLP_*CERTIFICATE`, `*CLIENT_KEY`): the
 * exporters' own agent reads them, so Faultline leaves it in place (export-keeps-no-process.ts).
 */
export function otlpCertificatesConfigured(env: Environment = process.env): boolean {
  return Object.keys(env).some((key) => key.startsWith('OTEL_EXPORTER_OTLP_') && /CERTIFICATE|CLIENT_KEY/.test(key));
}
