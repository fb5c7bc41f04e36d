// The part of Jaeger's query API answer (`/api/traces…`, the JSON its UI reads) that the lookup uses,
// checked with zod so an answer that is not Jaeger's (a proxy's error page, a truncated body) is told
// apart from "not found". Unknown members are allowed: newer Jaeger versions add some.
import { z } from 'zod';

const keyValue = z.object({ key: z.string(), type: z.string().optional(), value: z.unknown() });
export type JaegerKeyValue = z.infer<typeof keyValue>;

const reference = z.object({ refType: z.string(), traceID: z.string(), spanID: z.string() });

const span = z.object({
  traceID: z.string(),
  spanID: z.string(),
  operationName: z.string(),
  references: z.array(reference).nullish(),
  startTime: z.number(),
  duration: z.number(),
  tags: z.array(keyValue).nullish(),
  logs: z.array(z.object({ timestamp: z.number(), fields: z.array(keyValue).nullish() })).nullish(),
  processID: z.string().nullish(),
});
export type JaegerSpan = z.infer<typeof span>;

const process = z.object({ serviceName: z.string(), tags: z.array(keyValue).nullish() });
export type JaegerProcess = z.infer<typeof process>;

const trace = z.object({
  traceID: z.string(),
  spans: z.array(span),
  processes: z.record(z.string(), process).nullish(),
});
export type JaegerTrace = z.infer<typeof trace>;

export const tracesAnswer = z.object({
  data: z.array(trace).nullable(),
  errors: z.array(z.object({ code: z.number().optional(), msg: z.string().optional() })).nullish(),
});

export const servicesAnswer = z.object({ data: z.array(z.string()).nullable() });
