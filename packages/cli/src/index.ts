// The public surface of @faultline/cli: named exports only.
export {};
