// The preload's Node floor, the one OpenTelemetry JS 3 states (engines in package.json says the same).
// npm only warns about `engines`, so an older Node reaches the preload: it then steps aside with one line
// instead of running an SDK on a runtime it was never tested on.
const FLOOR = [22, 15] as const;

/** Why `version` (like process.versions.node) cannot run the preload, or undefined when it can. */
export function unsupportedRuntime(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const supported = major > FLOOR[0] || (major === FLOOR[0] && minor >= FLOOR[1]);
  return supported ? undefined : `Node.js >= ${FLOOR.join('.')} is required (this is ${version})`;
}
