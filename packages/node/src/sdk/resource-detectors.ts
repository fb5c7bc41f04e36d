// The resource spans and log records describe: the SDK's default resource (telemetry.sdk.*, a fallback
// service name) merged with what the chosen detectors find (OTEL_NODE_RESOURCE_DETECTORS; by default env,
// process and host, as OpenTelemetry's NodeSDK 0.300 chooses). Shared by the main thread and the log
// worker, so both name the same service and instance.
import { defaultResource, detectResources, envDetector, hostDetector, osDetector, processDetector, serviceInstanceIdDetector } from '@opentelemetry/resources';
import type { Resource, ResourceDetector } from '@opentelemetry/resources';

const BY_NAME: Readonly<Record<string, readonly ResourceDetector[]>> = {
  env: [envDetector],
  host: [hostDetector],
  os: [osDetector],
  process: [processDetector],
  serviceinstance: [serviceInstanceIdDetector],
  all: [envDetector, hostDetector, osDetector, processDetector, serviceInstanceIdDetector],
};

export const DEFAULT_DETECTORS: readonly string[] = ['env', 'process', 'host'];

export function resourceDetectors(names: readonly string[] = DEFAULT_DETECTORS): ResourceDetector[] {
  if (names.includes('none')) return [];
  return [...new Set(names.flatMap((name) => BY_NAME[name] ?? []))];
}

export function detectResource(names?: readonly string[]): Resource {
  return defaultResource().merge(detectResources({ detectors: resourceDetectors(names) }));
}
