// Sentry as its Node setup asks (`--import`, init before anything else), sending to the benchmark's local
// sink. SENTRY_TRACING=1 keeps every trace (tracesSampleRate 1); otherwise errors only.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  environment: 'production',
  ...(process.env.SENTRY_TRACING === '1' ? { tracesSampleRate: 1 } : {}),
});
