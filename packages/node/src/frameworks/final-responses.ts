// FAULTLINE_ERROR_RESPONSES: whether Faultline answers unhandled errors and unmatched routes with
// problem+json (`problem`) or leaves the framework's own final handler in place (`framework`) and only
// records the failure. Read by the Express, Fastify and Koa adapters on every request, so a test can switch it.
export type FrameworkResponses = 'problem' | 'framework';

let responses: FrameworkResponses = 'problem';

export function configureFrameworkResponses(value: FrameworkResponses): void {
  responses = value;
}

/** True when Faultline writes the final answers (the default). */
export function writesProblemResponses(): boolean {
  return responses === 'problem';
}
