// `faultline lookup` exit codes. 0, 1 and 2 are the fixed public contract; 3 is a backend that could not
// be reached or answered something that is not its API (neither "found" nor "not found").
import type { LookupResult } from './lookup/schema';

export const EXIT_FOUND = 0;
export const EXIT_NOT_FOUND = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_BACKEND = 3;

export function exitCodeOf(result: LookupResult): number {
  switch (result.result) {
    case 'found': return EXIT_FOUND;
    case 'not_found': return EXIT_NOT_FOUND;
    case 'bad_input': return EXIT_BAD_INPUT;
    case 'backend_error': return EXIT_BACKEND;
  }
}
