// The bug list (`/bugs`) and one bug (`/bug/<fingerprint>`): failures grouped by fingerprint.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { BugGroup, BugList } from '../lookup/bugs';
import type { RequestSummary } from '../lookup/schema';
import { WINDOWS } from '../lookup/windows';
import { summaryView } from './request-view';
import { utcSeconds as when } from '../lookup/relative-time';


export function bugFilter(services: readonly string[], service: string, window: string): VNode {
  return html`<form method="get" action="/bugs" class="filter">
    <label>Service <select name="service">${services.map((s) => html`<option value=${s} selected=${s === service}>${s}</option>`)}</select></label>
    <label>Window <select name="window">${WINDOWS.map((w) => html`<option value=${w} selected=${w === window}>${w}</option>`)}</select></label>
    <button type="submit">Show</button>
  </form>` as VNode;
}

function counted(list: BugList): string {
  const atLeast = list.truncated ? 'at least ' : '';
  return `${atLeast}${list.tracesRead} failed requests traced in ${list.service} from ${when(list.from)} to ${when(list.to)}`;
}

export function bugListView(list: BugList, window: string): VNode {
  if (list.bugs.length === 0) return html`<p>No failures with a Faultline fingerprint (${counted(list)}).</p>` as VNode;
  return html`<p>${counted(list)}, ${list.bugs.length} bugs.</p>
    <table class="bugs">
      <thead><tr><th>severity</th><th>bug</th><th>occurrences</th><th>first seen</th><th>last seen</th><th>routes</th></tr></thead>
      <tbody>${list.bugs.map((b) => html`<tr>
        <td><span class=${`severity ${b.severity}`}>${b.severity}</span></td>
        <td><a href=${`/bug/${b.fingerprint}?service=${encodeURIComponent(list.service)}&window=${window}`}><strong>${b.type}</strong></a><br /><span class="message">${b.message.slice(0, 200)}</span></td>
        <td class="number">${b.occurrences}</td><td>${when(b.firstSeen)}</td><td>${when(b.lastSeen)}</td>
        <td>${b.routes.join(', ')}</td></tr>`)}</tbody>
    </table>` as VNode;
}

export function bugView(bug: BugGroup | undefined, list: BugList, latest: RequestSummary | undefined): VNode {
  if (bug === undefined) return html`<p>No occurrence of this bug (${counted(list)}).</p>` as VNode;
  return html`<h1>${bug.type} <span class=${`severity ${bug.severity}`}>${bug.severity}</span></h1>
    <p class="message">${bug.message}</p>
    <p>Fingerprint <code>${bug.fingerprint}</code>: ${bug.occurrences} occurrences, first ${when(bug.firstSeen)}, last ${when(bug.lastSeen)}; routes ${bug.routes.join(', ')}.</p>
    <h2>Recent occurrences</h2>
    <ul class="occurrences">${bug.recent.map((r) => html`<li><a href=${`/r/${r.requestId}`}>${r.requestId}</a> ${when(r.at)} ${r.route ?? ''} ${r.status ?? ''}</li>`)}</ul>
    ${latest === undefined ? null : html`<h2>The latest, looked up</h2>${summaryView(latest)}`}` as VNode;
}
