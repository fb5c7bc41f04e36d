// The Markdown a user reads: the root README, every page under docs/ and each package's README (what npm
// shows). Parsed with marked's lexer, so code fences, links in tables and headings are read as GitHub
// reads them rather than by hand-written patterns.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Lexer, walkTokens } from 'marked';
import type { Token, Tokens } from 'marked';

export const ROOT = resolve(__dirname, '../..');

export interface DocFile {
  /** Path from the repository root, with forward slashes. */
  readonly path: string;
  readonly text: string;
  readonly tokens: Token[];
}

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

export function docFiles(): DocFile[] {
  const paths = [
    join(ROOT, 'README.md'),
    ...markdownUnder(join(ROOT, 'docs')),
    ...['core', 'node', 'cli'].map((name) => join(ROOT, 'packages', name, 'README.md')),
  ];
  return paths.map((path) => {
    const text = readFileSync(path, 'utf8');
    return { path: relative(ROOT, path).split('\\').join('/'), text, tokens: new Lexer().lex(text) };
  });
}

/** Every token of the file, nested ones (table cells, list items, link text) included. */
export function allTokens(file: DocFile): Token[] {
  const found: Token[] = [];
  void walkTokens(file.tokens, (token) => {
    found.push(token);
  });
  return found;
}

export function codeBlocks(file: DocFile): Tokens.Code[] {
  return allTokens(file).filter((token): token is Tokens.Code => token.type === 'code' && (token as Tokens.Code).codeBlockStyle !== 'indented');
}

/** 1-based line of a block, for test names and failure messages. */
export function lineOf(file: DocFile, raw: string): number {
  const at = file.text.indexOf(raw);
  return at === -1 ? 0 : file.text.slice(0, at).split('\n').length;
}
