import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { toProblem } from './problem';
import { problemToHtml } from './problem-html';

describe('problemToHtml', () => {
  it('renders a plain page with status, title, detail, field issues and the request ID', () => {
    const problem = toProblem(new ValidationError('The order is invalid.', { issues: [{ path: ['qty'], message: 'Must be positive' }] }), {
      mode: 'production',
      requestId: '2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY',
    });
    const html = problemToHtml(problem);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>400 Bad Request</title>');
    expect(html).toContain('<h1>400 Bad Request</h1>');
    expect(html).toContain('<p>The order is invalid.</p>');
    expect(html).toContain('<li><code>qty</code>: Must be positive</li>');
    expect(html).toContain('<code>2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY</code>');
    expect(html).not.toMatch(/<script|<link|src=/i);
  });

  it('escapes every value', () => {
    const attack = `<script>alert("x")</script>&'`;
    const html = problemToHtml({
      type: 'about:blank',
      title: attack,
      status: 400,
      detail: attack,
      requestId: attack,
      retryAfter: attack,
      errors: [{ path: attack, message: attack }],
      exception: { type: 'Error', stack: attack },
      causes: [{ path: attack, type: attack, message: attack }],
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(`"x"`);
    expect(html.match(/&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&#39;/g)?.length).toBe(11); // title twice, then each other value once
  });

  it('tolerates malformed problems', () => {
    const html = problemToHtml({ type: 'about:blank', title: { toString: () => '<b>' } as never, status: '<i>' as never, errors: 'nope', causes: [null, 1] });
    expect(html).toContain('<h1>500 Error</h1>');
    expect(html).not.toContain('<b>');
    const hostile = new Proxy({ type: 'x', title: 't', status: 500 }, { get: () => { throw new Error('trap'); } });
    expect(problemToHtml(hostile)).toContain('<h1>500 Error</h1>');
  });
});
