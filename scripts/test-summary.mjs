// Prints vitest's JSON report as the plain closing line CI reads: "vitest: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`no test report at ${file}: ${error.message}`);
  process.exit(1);
}
const { numPassedTests: passed, numFailedTests: failed, numPendingTests: pending, numTodoTests: todo } = report;
console.log(`vitest: ${passed} passed, ${failed} failed, ${pending + (todo ?? 0)} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
