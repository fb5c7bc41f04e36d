// Turns a ```js / ```ts block of the documentation into a program node can run: TypeScript is
// transpiled to CommonJS (types are documentation, not checked here), the body runs inside an async
// function (so a sample may `await`), and a statement followed by a `// → value` line asserts that the
// statement's value deep-equals `value`, so the results a page shows are the results the code gives.
import ts from 'typescript';

const STATEMENT = /^(\s*)(.*);\s*(?:\/\/[^'"`]*)?$/;
const RESULT = /^\s*\/\/ → (.*)$/;

/** Rewrites `expr;` + `// → expected` into a check; other lines stay. */
export function withResultChecks(source: string): string {
  const lines = source.split('\n');
  return lines
    .map((line, index) => {
      const result = RESULT.exec(lines[index + 1] ?? '');
      const statement = STATEMENT.exec(line);
      if (!result || !statement) return line;
      return `${statement[1]}__docResult(${statement[2]}, ${result[1]}, ${JSON.stringify(statement[2].trim())});`;
    })
    .join('\n');
}

const PRELUDE = `const { isDeepStrictEqual, inspect } = require('node:util');
function __docResult(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(what + ' gives ' + inspect(actual, { depth: 6 }) + ', the documentation says ' + inspect(expected, { depth: 6 }));
  }
}
`;

export function sampleProgram(code: string, lang: 'js' | 'ts'): string {
  const checked = withResultChecks(code);
  const body =
    lang === 'ts'
      ? ts.transpileModule(checked, {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText
      : checked;
  return `${PRELUDE}(async () => {\n${body}\n})().catch((error) => {\n  process.exitCode = 1;\n  console.error(error);\n});\n`;
}
