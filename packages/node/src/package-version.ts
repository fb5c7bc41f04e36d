// @faultline/node's version, for instrumentation scopes (the logger name and version on log records).
import { createRequire } from 'node:module';

export const packageVersion = (createRequire(__filename)('../package.json') as { version: string }).version;
