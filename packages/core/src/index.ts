// The public surface of @faultline/core: named exports only.
export {
  ATTR_ERROR_CODE,
  ATTR_ERROR_STATUS,
  ATTR_FINGERPRINT,
  ATTR_REQUEST_ID,
  ATTR_SEVERITY,
  ATTR_UNHANDLED,
  ATTR_UPSTREAM_REQUEST_ID,
} from './attributes';
export type { Mode, Severity } from './types';
