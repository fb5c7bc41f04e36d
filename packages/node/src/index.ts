// The public surface of @faultline/node: named exports only.
export {};
export { getRequestId } from './request-context';
