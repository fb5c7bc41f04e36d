// The standard sampler named by OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, wrapped so that errors
// survive sampling (FAULTLINE_KEEP_ERROR_TRACES).
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import type { FaultlineConfig } from '../config';
import { ErrorKeepingSampler } from './error-sampler';

export function standardSampler(config: FaultlineConfig): Sampler {
  switch (config.tracesSampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(config.tracesSamplerArg);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.tracesSamplerArg) });
  }
}

export function createSampler(config: FaultlineConfig): Sampler {
  const sampler = standardSampler(config);
  return config.keepErrorTraces ? new ErrorKeepingSampler(sampler) : sampler;
}
