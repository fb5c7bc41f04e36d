// The page shell. Views are preact components written with htm and rendered to a string on the server:
// every interpolated value is escaped by the renderer (text and attributes), nothing is ever injected as
// raw HTML, and the page carries no script at all (the CSP forbids any).
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function page(title: string, body: VNode | VNode[] | string, search = ''): string {
  const tree = html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>${title} · Faultline support</title>
      <link rel="stylesheet" href="/style.css" />
    </head>
    <body>
      <header>
        <a class="brand" href="/">Faultline support</a>
        <form method="get" action="/search" role="search">
          <input name="q" value=${search} placeholder="Request ID, or paste the error page / header / URL" aria-label="Request ID" autofocus size="48" />
          <button type="submit">Look up</button>
        </form>
        <a href="/bugs">Bugs</a>
      </header>
      <main>${body}</main>
    </body>
  </html>`;
  return `<!doctype html>${renderToString(tree as VNode)}`;
}

export function message(title: string, text: string, extra?: VNode | VNode[]): VNode {
  return html`<section class="message"><h1>${title}</h1><p>${text}</p>${extra}</section>` as VNode;
}
