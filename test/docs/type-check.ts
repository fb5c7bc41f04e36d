// Type-checks the TypeScript samples of the documentation against the packages' published declarations
// (resolved from node_modules as a user's project resolves them), so a renamed option or a wrong argument
// fails even where the JavaScript would run. A package that ships no types (express) is allowed, and so
// are the untyped parameters of its callbacks (noImplicitAny off); our own APIs are typed throughout.
import ts from 'typescript';

/** TS7016: a module without declarations is implicitly `any`; the samples may import such packages. */
const ALLOWED = new Set([7016]);

export function typeErrors(files: readonly string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noImplicitAny: false,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => !ALLOWED.has(diagnostic.code))
    .map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
}
