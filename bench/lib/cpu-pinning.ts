// The load benchmarks' harness shape: the app on one core, the load generator and the telemetry sinks on
// the other (the shape issue #14's targets were measured with), so the app never shares its core with
// autocannon or moves between cores during a run. Pinned with Linux `taskset`
// (util-linux); with BENCH_PIN=0, fewer than two cores or no taskset, nothing is pinned, and the
// results say which it was.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

const APP_CORE = 0;
const LOAD_CORE = 1;

let pinned: boolean | undefined;

/**
 * Pins this process (every thread, and the children it starts from now on: the sinks) to the load core,
 * once. A load benchmark calls it before it starts anything; its apps start through appCommand.
 */
export function pinLoadGenerator(): boolean {
  if (pinned !== undefined) return pinned;
  pinned = false;
  if (process.env.BENCH_PIN === '0' || process.platform !== 'linux' || os.availableParallelism() < 2) return pinned;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
    pinned = true;
  } catch {
    // No taskset, or not allowed: unpinned.
  }
  return pinned;
}

/** The command that starts `node <args>` on the app core (plain `node <args>` when unpinned). */
export function appCommand(args: readonly string[]): { command: string; args: string[] } {
  return pinLoadGenerator()
    ? { command: 'taskset', args: ['-c', String(APP_CORE), process.execPath, ...args] }
    : { command: process.execPath, args: [...args] };
}

/** How a load benchmark's run was pinned, for its results (undefined for a benchmark that never asked). */
export function pinningNote(): string | undefined {
  if (pinned === undefined) return undefined;
  return pinned ? `app on core ${APP_CORE}, load generator and sinks on core ${LOAD_CORE}` : 'app and load generator not pinned';
}
