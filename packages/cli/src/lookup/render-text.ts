// The human answer of `faultline lookup`: the same content as the page, as plain lines. Control
// characters from telemetry are shown escaped, so a hostile message cannot drive the terminal.
import { relativeTime } from './relative-time';
import type { LookupResult, RequestSummary } from './schema';

// eslint-disable-next-line no-control-regex -- the point is to neutralise them
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Control characters shown as `\uXXXX` escapes, so telemetry cannot drive the terminal. */
export function safeText(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function indent(text: string): string {
  return safeText(text).split('\n').join('\n      ');
}

function found(s: RequestSummary, now: number): string[] {
  const lines = [
    `Request ${s.requestId}  ${s.outcome === 'failed' ? 'FAILED' : 'succeeded'}`,
    `  when      ${s.startedAt.replace('T', ' ').replace('Z', ' UTC')} (${relativeTime(s.startedAt, now)})`,
    `  service   ${safeText(s.service)}${s.serviceVersion === undefined ? '' : ` ${safeText(s.serviceVersion)}`}${s.environment === undefined ? '' : ` (${safeText(s.environment)})`}`,
    `  request   ${safeText(s.method ?? '?')} ${safeText(s.route ?? '(no route)')}  →  ${s.status ?? '?'} in ${s.durationMs} ms`,
  ];
  const f = s.failure;
  if (f !== undefined) {
    lines.push('', `  error     ${safeText(f.type)}${f.code === undefined ? '' : ` (${safeText(f.code)})`}  severity ${safeText(f.severity ?? 'unknown')}${f.unhandled === true ? '  unhandled' : ''}`);
    if (f.fingerprint !== undefined) lines.push(`  bug       fingerprint ${safeText(f.fingerprint)}`);
    lines.push(`  message   ${indent(f.message || '(none)')}`);
    if (f.where !== undefined) {
      const at = `${safeText(f.where.file)}${f.where.line === undefined ? '' : `:${f.where.line}`}`;
      lines.push(`  where     ${at}${f.where.function === undefined ? '' : ` in ${safeText(f.where.function)}`}`);
    }
    for (const cause of f.causes) lines.push(`  ${cause.path.padEnd(9)} ${safeText(cause.type)}${cause.code === undefined ? '' : ` (${safeText(cause.code)})`}: ${indent(cause.message)}`);
  }
  if (s.downstream.length > 0) {
    lines.push('', '  failed downstream calls');
    for (const call of s.downstream) {
      const what = `${safeText(call.method ?? '')} ${safeText(call.url ?? call.name)}`.trim();
      lines.push(`    ${what}  →  ${call.status ?? safeText(call.error ?? 'error')}${call.requestId === undefined ? '' : `  (their request ID ${safeText(call.requestId)})`}`);
    }
  }
  if (s.customerSaw !== undefined) lines.push('', `  customer saw  ${s.customerSaw.status} ${safeText(s.customerSaw.title)} (request ID ${s.customerSaw.requestId})`);
  if (s.customerSaw?.detail !== undefined) lines.push(`                ${safeText(s.customerSaw.detail)}`);
  if (!s.faultline) lines.push('', '  (this trace has no Faultline attributes: shown from what OpenTelemetry recorded)');
  lines.push('', `  trace     ${s.traceUrl}  (${s.spanCount} spans, ${s.services.map(safeText).join(', ')})`);
  return lines;
}

export function renderText(result: LookupResult, now: number = Date.now()): string {
  switch (result.result) {
    case 'found':
      return found(result.summary, now).join('\n');
    case 'bad_input':
      return `Not a request ID: ${safeText(result.reason)}`;
    case 'backend_error':
      return `Cannot look it up: ${safeText(result.reason)}`;
    case 'not_found': {
      if (result.typed !== undefined) {
        const lines = [`${safeText(result.typed)} is not a valid request ID: ${safeText(result.reasons.join(' '))}`];
        if (result.didYouMean.length > 0) {
          lines.push('', 'Did you mean (corrections of what was typed, not the ID itself):');
          for (const s of result.didYouMean) lines.push(`  ${s.requestId}   (character ${s.position} ${s.correction})`);
        }
        return lines.join('\n');
      }
      return [`No trace for request ID ${result.requestId ?? ''} (trace ID ${result.traceId ?? ''}). It may be that:`, ...result.reasons.map((r) => `  - ${r}`)].join('\n');
    }
  }
}
