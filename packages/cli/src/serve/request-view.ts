// One request's page (`/r/<id>`): the same content as `faultline lookup`, and the "did you mean" list.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { relativeTime } from '../lookup/relative-time';
import type { LookupResult, RequestSummary } from '../lookup/schema';
import { message } from './layout';

function row(label: string, value: unknown): VNode | null {
  return value === undefined || value === '' ? null : (html`<tr><th>${label}</th><td>${value}</td></tr>` as VNode);
}

function failureRows(s: RequestSummary): VNode | null {
  const f = s.failure;
  if (f === undefined) return null;
  const where = f.where === undefined ? undefined : `${f.where.file}${f.where.line === undefined ? '' : `:${f.where.line}`}${f.where.function === undefined ? '' : ` in ${f.where.function}`}`;
  return html`<section class="failure">
    <h2>Error <span class=${`severity ${f.severity ?? 'unknown'}`}>${f.severity ?? 'unknown'}</span></h2>
    <table>
      ${row('type', f.type)} ${row('code', f.code)} ${row('unhandled', f.unhandled === true ? 'yes' : undefined)}
      ${row('message', html`<pre>${f.message}</pre>`)} ${row('where', where)}
      ${row('bug', f.fingerprint === undefined ? undefined : html`<a href=${`/bug/${f.fingerprint}?service=${encodeURIComponent(s.service)}`}>${f.fingerprint}</a>`)}
    </table>
    ${f.causes.length === 0 ? null : html`<h3>Cause chain</h3><ol class="causes">${f.causes.map((c) =>
      html`<li><code>${c.path}</code> ${c.type}${c.code === undefined ? '' : ` (${c.code})`}: <pre>${c.message}</pre></li>`)}</ol>`}
  </section>` as VNode;
}

export function summaryView(s: RequestSummary, now = Date.now()): VNode {
  return html`<article class=${`request ${s.outcome}`}>
    <h1>Request <code>${s.requestId}</code> <span class="outcome">${s.outcome}</span></h1>
    <table>
      ${row('when', `${s.startedAt.replace('T', ' ').replace('Z', ' UTC')} (${relativeTime(s.startedAt, now)})`)}
      ${row('service', `${s.service}${s.serviceVersion === undefined ? '' : ` ${s.serviceVersion}`}${s.environment === undefined ? '' : ` (${s.environment})`}`)}
      ${row('request', `${s.method ?? '?'} ${s.route ?? '(no route)'}`)}
      ${row('status', s.status)} ${row('duration', `${s.durationMs} ms`)}
    </table>
    ${failureRows(s)}
    ${s.downstream.length === 0 ? null : html`<section><h2>Failed downstream calls</h2><ul>${s.downstream.map((d) =>
      html`<li>${d.method ?? ''} ${d.url ?? d.name} → ${d.status ?? d.error ?? 'error'}${d.requestId === undefined ? null : html` (their request ID <a href=${`/r/${encodeURIComponent(d.requestId)}`}>${d.requestId}</a>)`}</li>`)}</ul></section>`}
    ${s.customerSaw === undefined ? null : html`<section><h2>What the customer saw</h2><p>${s.customerSaw.status} ${s.customerSaw.title} — request ID ${s.customerSaw.requestId}</p>${s.customerSaw.detail === undefined ? null : html`<p>${s.customerSaw.detail}</p>`}</section>`}
    ${s.faultline ? null : html`<p class="note">This trace has no Faultline attributes: shown from what OpenTelemetry recorded.</p>`}
    <section><h2>Trace</h2>
      <p><a class="trace" href=${s.traceUrl} rel="noreferrer noopener">Open it in the trace UI</a> (${s.spanCount} spans: ${s.services.join(', ')})</p>
      ${spansView(s)}
    </section>
  </article>` as VNode;
}

/** The spans as an indented table (depth as padding from a fixed set of classes: no inline style). */
function spansView(s: RequestSummary): VNode | null {
  if (s.spans.length === 0) return null;
  return html`<table class="spans">
    <thead><tr><th>span</th><th>service</th><th class="number">start</th><th class="number">duration</th></tr></thead>
    <tbody>${s.spans.map((span) => html`<tr class=${span.failed ? 'span-failed' : ''}>
      <td class=${`depth-${Math.min(span.depth, 8)}`}>${span.failed ? '✗ ' : ''}${span.name}</td><td>${span.service}</td>
      <td class="number">+${span.offsetMs} ms</td><td class="number">${span.durationMs} ms</td></tr>`)}</tbody>
  </table>${s.spans.length < s.spanCount ? html`<p class="note">The first ${s.spans.length} of ${s.spanCount} spans.</p>` : null}` as VNode;
}

export function resultView(result: LookupResult): VNode {
  switch (result.result) {
    case 'found':
      return summaryView(result.summary);
    case 'bad_input':
      return message('Not a request ID', result.reason);
    case 'backend_error':
      return message('The trace store did not answer', result.reason);
    case 'not_found':
      if (result.typed !== undefined) {
        return message('Not a valid request ID', result.reasons.join(' '), result.didYouMean.length === 0 ? undefined : html`
          <h2>Did you mean</h2>
          <ul class="did-you-mean">${result.didYouMean.map((s) => html`<li><a href=${`/r/${s.requestId}`}>${s.requestId}</a> (character ${s.position} ${s.correction})</li>`)}</ul>` as VNode);
      }
      return message(`No trace for ${result.requestId ?? 'this ID'}`, 'It may be that:', html`<ul>${result.reasons.map((r) => html`<li>${r}</li>`)}</ul>` as VNode);
  }
}
