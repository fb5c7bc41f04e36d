// Whether the app can require a package, asked from where the app lives (its entry script's directory and
// the working directory): an instrumentation for a framework the app does not have is then never loaded.
import path from 'node:path';

function appDirectories(): string[] {
  const entry = process.argv[1];
  const dirs = [process.cwd()];
  if (entry !== undefined && path.isAbsolute(entry)) dirs.unshift(path.dirname(entry));
  return dirs;
}

export function appCanRequire(packages: readonly string[], from: readonly string[] = appDirectories()): boolean {
  return packages.some((name) => {
    try {
      require.resolve(name, { paths: [...from] });
      return true;
    } catch {
      return false;
    }
  });
}
