// The human answer of `faultline lookup`: the same content as the page, as plain lines. Control
// characters from telemetry are shown escaped, so a hostile message cannot drive the terminal.
import { relativeTime } from './relative-time';
import type { LookupResult, RequestSummary } from './schema';

// eslint-disable-next-line no-control-regex -- the point is to neutralise them
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

function safe(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function indent(text: string): string {
  return safe(text).split('\n').join('\n      ');
}

function found(s: RequestSummary, now: number): string[] {
  const lines = [
    `Request ${s.requestId}  ${s.outcome === 'failed' ? 'FAILED' : 'succeeded'}`,
    `  when      ${s.startedAt.replace('T', ' ').replace('Z', ' UTC')} (${relativeTime(s.startedAt, now)})`,
    `  service   ${safe(s.service)}${s.serviceVersion === undefined ? '' : ` ${safe(s.serviceVersion)}`}${s.environment === undefined ? '' : ` (${safe(s.environment)})`}`,
    `  request   ${safe(s.method ?? '?')} ${safe(s.route ?? '(no route)')}  →  ${s.status ?? '?'} in ${s.durationMs} ms`,
  ];
  const f = s.failure;
  if (f !== undefined) {
    lines.push('', `  error     ${safe(f.type)}${f.code === undefined ? '' : ` (${safe(f.code)})`}  severity ${safe(f.severity ?? 'unknown')}${f.unhandled === true ? '  unhandled' : ''}`);
    if (f.fingerprint !== undefined) lines.push(`  bug       fingerprint ${safe(f.fingerprint)}`);
    lines.push(`  message   ${indent(f.message || '(none)')}`);
    if (f.where !== undefined) {
      const at = `${safe(f.where.file)}${f.where.line === undefined ? '' : `:${f.where.line}`}`;
      lines.push(`  where     ${at}${f.where.function === undefined ? '' : ` in ${safe(f.where.function)}`}`);
    }
    for (const cause of f.causes) lines.push(`  ${cause.path.padEnd(9)} ${safe(cause.type)}${cause.code === undefined ? '' : ` (${safe(cause.code)})`}: ${indent(cause.message)}`);
  }
  if (s.downstream.length > 0) {
    lines.push('', '  failed downstream calls');
    for (const call of s.downstream) {
      const what = `${safe(call.method ?? '')} ${safe(call.url ?? call.name)}`.trim();
      lines.push(`    ${what}  →  ${call.status ?? safe(call.error ?? 'error')}${call.requestId === undefined ? '' : `  (their request ID ${safe(call.requestId)})`}`);
    }
  }
  if (s.customerSaw !== undefined) lines.push('', `  customer saw  ${s.customerSaw.status} ${safe(s.customerSaw.title)} (request ID ${s.customerSaw.requestId})`);
  if (!s.faultline) lines.push('', '  (this trace has no Faultline attributes: shown from what OpenTelemetry recorded)');
  lines.push('', `  trace     ${s.traceUrl}  (${s.spanCount} spans, ${s.services.map(safe).join(', ')})`);
  return lines;
}

export function renderText(result: LookupResult, now: number = Date.now()): string {
  switch (result.result) {
    case 'found':
      return found(result.summary, now).join('\n');
    case 'bad_input':
      return `Not a request ID: ${safe(result.reason)}`;
    case 'backend_error':
      return `Cannot look it up: ${safe(result.reason)}`;
    case 'not_found': {
      if (result.typed !== undefined) {
        const lines = [`${safe(result.typed)} is not a valid request ID: ${safe(result.reasons.join(' '))}`];
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
