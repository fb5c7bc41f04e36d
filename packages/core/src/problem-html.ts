// A plain HTML error page for browsers: the same members as the problem body, every value escaped,
// no scripts, no external resources.
import type { ProblemDetails } from './problem';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

function list(value: unknown, render: (item: Record<string, unknown>) => string): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  const items = value
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => `<li>${render(item)}</li>`);
  return `<ul>${items.join('')}</ul>`;
}

function field(problem: ProblemDetails, key: string): unknown {
  try {
    return problem[key];
  } catch {
    return undefined;
  }
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:3rem 1rem;color:#1f2328;background:#f6f8fa}' +
  'main{max-width:42rem;margin:auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:2rem}' +
  'h1{margin-top:0;font-size:1.5rem}code,pre{font:14px ui-monospace,monospace}pre{overflow:auto;background:#f6f8fa;padding:1rem}';

/** The problem as a small, self-contained HTML page; every value is HTML-escaped. */
export function problemToHtml(problem: ProblemDetails): string {
  const rawStatus = field(problem, 'status');
  const status = typeof rawStatus === 'number' && Number.isInteger(rawStatus) ? rawStatus : 500;
  const title = escapeHtml(field(problem, 'title')) || 'Error';
  const detail = escapeHtml(field(problem, 'detail'));
  const requestId = escapeHtml(field(problem, 'requestId'));
  const retryAfter = escapeHtml(field(problem, 'retryAfter'));
  const exception = field(problem, 'exception') as { stack?: unknown } | undefined;
  const stack = escapeHtml(typeof exception === 'object' && exception !== null ? exception.stack : undefined);
  const parts = [
    `<h1>${status} ${title}</h1>`,
    detail && `<p>${detail}</p>`,
    list(field(problem, 'errors'), (issue) => `<code>${escapeHtml(issue.path)}</code>: ${escapeHtml(issue.message)}`),
    retryAfter && `<p>Try again in ${retryAfter} seconds.</p>`,
    requestId && `<p>If you contact support, quote this request ID: <code>${requestId}</code></p>`,
    stack && `<pre>${stack}</pre>`,
    list(field(problem, 'causes'), (cause) => `<code>${escapeHtml(cause.path)}</code> ${escapeHtml(cause.type)}: ${escapeHtml(cause.message)}`),
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">',
    `<title>${status} ${title}</title><style>${STYLE}</style></head>`,
    `<body><main>${parts.filter((part) => part !== '').join('\n')}</main></body></html>`,
  ].join('\n');
}
