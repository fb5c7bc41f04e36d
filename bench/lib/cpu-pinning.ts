// The load benchmarks' harness shape: the app on one core, the load generator and the telemetry sinks on
// the other (the shape issue #14's targets were measured with), so the app never shares its core with
// autocannon or moves between cores during a run. Pinned with Linux `taskset` (util-linux), to the first
// two cores this process may use; with BENCH_PIN=0, fewer than two such cores or no taskset, nothing is
// pinned, and the results say which it was.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** The cores in a Linux CPU list such as `taskset -c -p` prints (`0-2,5`), in order. */
export function parseCpuList(list: string): number[] {
  const cores: number[] = [];
  for (const part of list.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return [];
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let core = first; core <= last; core += 1) cores.push(core);
  }
  return cores;
}

let cores: { readonly app: number; readonly load: number } | null | undefined;
/** The cores this process could use before it pinned itself to one (the machine the results describe). */
let coresBeforePinning: number | undefined;

/** The two cores this process may use, or null (not Linux, no taskset, fewer than two). */
function allowedCores(): { readonly app: number; readonly load: number } | null {
  if (process.env.BENCH_PIN === '0' || process.platform !== 'linux') return null;
  try {
    const output = execFileSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [app, load] = parseCpuList(output.slice(output.lastIndexOf(':') + 1));
    return app === undefined || load === undefined ? null : { app, load };
  } catch {
    return null;
  }
}

/**
 * Pins this process (every thread, and the children it starts from now on: the sinks) to the load core,
 * once. A load benchmark calls it before it starts anything; its apps start through appCommand.
 */
export function pinLoadGenerator(): boolean {
  if (cores !== undefined) return cores !== null;
  cores = allowedCores();
  if (cores === null) return false;
  coresBeforePinning = os.availableParallelism();
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cores.load), String(process.pid)], { stdio: 'ignore' });
  } catch {
    cores = null; // not allowed: unpinned
  }
  return cores !== null;
}

/** The command that starts `node <args>` on the app core (plain `node <args>` when unpinned). */
export function appCommand(args: readonly string[]): { command: string; args: string[] } {
  return pinLoadGenerator() && cores
    ? { command: 'taskset', args: ['-c', String(cores.app), process.execPath, ...args] }
    : { command: process.execPath, args: [...args] };
}

/** How a load benchmark's run was pinned, for its results (undefined for a benchmark that never asked). */
export function pinningNote(): string | undefined {
  if (cores === undefined) return undefined;
  return cores ? `app on core ${cores.app}, load generator and sinks on core ${cores.load}` : 'app and load generator not pinned';
}

/** The cores available to the benchmark, as before any pinning (pinned, the process itself has one). */
export function availableCores(): number {
  return coresBeforePinning ?? os.availableParallelism();
}
