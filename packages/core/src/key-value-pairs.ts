// `key=value` and `"key": "value"` pairs inside text (logfmt, query strings, env dumps, JSON or
// YAML in a message, header lines): when the key names a secret, its value is replaced. Keys
// are judged by the same matcher as object keys, so `token=…` is masked and `token_count=3` kept.
import type { KeyMatcher } from './sensitive-keys';
import type { TextRule } from './text-rule';

const AUTH_SCHEME = /^(?:bearer|basic|digest|token|negotiate|ntlm|apikey)[ \t]+/i;
const PAIR_HEAD = /^([A-Za-z_$][\w.$-]*?)(\\?["']?)[ \t]*[=:][ \t]*(\\?["'])?$/;
const NEXT_PAIR = /^[\w.[\]-]+=/;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** End of a quoted value: the next unescaped closing quote, or the end of the text (fail closed). */
function quotedEnd(text: string, from: number, quote: string): number {
  if (quote.length === 2) {
    const end = text.indexOf(quote, from);
    return end === -1 ? text.length : end;
  }
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i;
  }
  return text.length;
}

/**
 * End of an unquoted value. `&`, `,` and `;` end it only where a new pair or a space follows, so
 * `p@ss;word` stays whole while `pwd=x&view=stats` keeps `view=stats`.
 */
function bareEnd(text: string, from: number, jsonLike: boolean): number {
  let i = from;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (isSpace(ch) || ch === '"' || ch === "'" || ch === '<' || ch === '>' || ch === '`') break;
    if (ch === '\\' && text[i + 1] === '"') break;
    if (jsonLike && (ch === ',' || ch === '}' || ch === ']')) break;
    if (ch === '&' || ch === ',' || ch === ';') {
      const next = text[i + 1];
      if (next === undefined || isSpace(next) || NEXT_PAIR.test(text.slice(i + 1, i + 66))) break;
    }
  }
  return i;
}

export function keyValuePairRule(keys: KeyMatcher): TextRule {
  return {
    kind: 'secret',
    // The key and separator only; the value's extent is worked out by hand (quotes, escapes, `&`).
    source: /(?<![A-Za-z0-9_.$])[A-Za-z_$][\w.$-]{0,63}\\?["']?[ \t]*(?:=(?!=)|:(?![/\\:]))[ \t]*(?:\\?["'])?/.source,
    check: (match, index, text) => {
      const afterSeparator = index + match.length;
      const head = PAIR_HEAD.exec(match);
      const kind = head ? keys.sensitiveKind(head[1] as string) : undefined;
      if (!head || kind === undefined) return { resume: afterSeparator };
      const quote = head[3];
      let start = afterSeparator;
      let end: number;
      if (quote !== undefined) {
        end = quotedEnd(text, start, quote);
      } else {
        const first = text[start];
        // Nested structures are scanned member by member instead.
        if (first === '{' || first === '[') return { resume: afterSeparator };
        const scheme = AUTH_SCHEME.exec(text.slice(start, start + 16));
        if (scheme) start += scheme[0].length;
        end = bareEnd(text, start, head[2] !== '');
        if (/^(?:null|true|false|undefined|none|nil)$/i.test(text.slice(start, end))) return { resume: end };
      }
      return end > start ? { start, end, kind } : { resume: afterSeparator };
    },
  };
}
