// Attribute and event names Faultline writes. Namespaced under `faultline.` so they never collide with
// semantic conventions; documented in docs/recording.md.
export const ATTR_SEVERITY = 'faultline.severity';
export const ATTR_FINGERPRINT = 'faultline.fingerprint';
export const ATTR_ERROR_CODE = 'faultline.error.code';
export const ATTR_ERROR_STATUS = 'faultline.error.status';
export const ATTR_UNHANDLED = 'faultline.error.unhandled';
export const ATTR_REQUEST_ID = 'faultline.request_id';
export const ATTR_UPSTREAM_REQUEST_ID = 'faultline.upstream_request_id';
/** On the exception event and failure record of a `RemoteError`: what the remote said (never its message). */
export const ATTR_REMOTE_STATUS = 'faultline.remote.status';
export const ATTR_REMOTE_CODE = 'faultline.remote.code';
export const ATTR_REMOTE_REQUEST_ID = 'faultline.remote.request_id';
export const ATTR_REMOTE_SERVICE = 'faultline.remote.service';
