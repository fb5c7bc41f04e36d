// Checks a documentation sample against the test apps it is taken from: every non-blank line of the sample,
// whitespace ignored, must occur in those files in the same order. The apps run in scenario tests, so a
// sample that drifts from them fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './doc-files';

const squeeze = (line: string): string => line.replace(/\s+/g, '');

/** The sample's lines not found (in order) in the named files, concatenated; [] when it is a true excerpt. */
export function missingExcerptLines(sample: string, files: readonly string[]): string[] {
  const source = files.map((file) => squeeze(readFileSync(join(ROOT, file), 'utf8'))).join('');
  const missing: string[] = [];
  let from = 0;
  for (const line of sample.split('\n').map(squeeze).filter((l) => l !== '')) {
    const at = source.indexOf(line, from);
    if (at === -1) missing.push(line);
    else from = at + line.length;
  }
  return missing;
}
