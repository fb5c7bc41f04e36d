// Every relative link and image in the documentation points at a file that exists, and every #anchor at a
// heading of that file (slugged as GitHub does), so moving or renaming a page or a heading cannot leave a
// dead link. The README stays a five-minute read.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import GithubSlugger from 'github-slugger';
import { Lexer, walkTokens } from 'marked';
import type { Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { allTokens, docFiles, ROOT } from './doc-files';

function anchorsOf(path: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  void walkTokens(new Lexer().lex(readFileSync(join(ROOT, path), 'utf8')), (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug((token as Tokens.Heading).text.replace(/`/g, '')));
  });
  return anchors;
}

function brokenLinks(file: ReturnType<typeof docFiles>[number]): string[] {
  const targets = allTokens(file)
    .filter((token): token is Tokens.Link | Tokens.Image => token.type === 'link' || token.type === 'image')
    .map((token) => token.href)
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href));
  return targets.flatMap((href) => {
    const [pathPart = '', anchor] = href.split('#');
    const target = pathPart === '' ? file.path : relative(ROOT, join(ROOT, dirname(file.path), decodeURI(pathPart))).split('\\').join('/');
    if (!existsSync(join(ROOT, target))) return [`${href}: no file ${target}`];
    if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor)) return [`${href}: no heading #${anchor} in ${target}`];
    return [];
  });
}

describe.each(docFiles().map((file) => [file.path, file] as const))('%s', (_path, file) => {
  it('links only to files and headings that exist', () => {
    expect(brokenLinks(file)).toEqual([]);
  });
});

describe('the README', () => {
  it('stays under 200 lines and links the documentation index', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(200);
    expect(readme).toContain('](docs/README.md)');
  });

  it('the link check finds a dead link and a dead anchor', () => {
    const text = '[a](docs/no-such-page.md) [b](docs/errors.md#no-such-heading) [c](docs/errors.md#severity)';
    const file = { path: 'README.md', text, tokens: new Lexer().lex(text) };
    expect(brokenLinks(file)).toEqual([
      'docs/no-such-page.md: no file docs/no-such-page.md',
      'docs/errors.md#no-such-heading: no heading #no-such-heading in docs/errors.md',
    ]);
  });
});
