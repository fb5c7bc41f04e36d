// Scenario-test harness: an OTLP/HTTP receiver, an app launcher with the preload, and waitFor.
export { decodeAttributes, decodeLogs, decodeSums, decodeTraces, decodeValue } from './otlp-decode';
export type { Attributes, ExportedEvent, ExportedLog, ExportedPoint, ExportedSpan } from './otlp-decode';
export { startReceiver } from './otlp-receiver';
export type { OtlpReceiver, ReceivedRequest, ReceiverFaults } from './otlp-receiver';
export { SCENARIO_ENV, startApp, stopAllApps } from './start-app';
export type { ExitResult, PreloadMode, RunningApp, StartAppOptions } from './start-app';
export { delay, waitFor } from './wait-for';
export type { WaitOptions } from './wait-for';
export { useScenario } from './use-scenario';
export type { Scenario } from './use-scenario';
export { rawRequest } from './raw-http';
export type { RawResponse } from './raw-http';
export { startRedis } from './redis-server';
export type { RedisServer } from './redis-server';
