// The hand-off documented in docs/frameworks.md: Nest's LoggerService backed by Faultline's logger, so
// Nest's own lines (its ExceptionsHandler's error included) go out scrubbed and correlated.
const { createLogger } = require('@faultline/node');

class FaultlineNestLogger {
  constructor(logger = createLogger({ name: 'nest' })) {
    this.logger = logger;
  }
  log(message, context) { this.logger.info({ context }, String(message)); }
  error(message, ...rest) {
    // Nest passes an Error, or a message then a stack and/or a context.
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    if (message instanceof Error) this.logger.error({ err: message, context }, message.message);
    else this.logger.error({ context }, String(message));
  }
  warn(message, context) { this.logger.warn({ context }, String(message)); }
  debug(message, context) { this.logger.debug({ context }, String(message)); }
  verbose(message, context) { this.logger.trace({ context }, String(message)); }
  fatal(message, context) { this.logger.fatal({ context }, String(message)); }
}

module.exports = { FaultlineNestLogger };
