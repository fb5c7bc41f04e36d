// Who may read the page: on loopback anyone on this machine (Host checked, so a web page elsewhere cannot
// reach it through DNS rebinding); anywhere else only with the access token, sent as a Bearer header or
// the cookie that POST /login sets. Compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'faultline_support';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function sameToken(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined; // a malformed cookie is no session: the login form, not an error page
      }
    }
  }
  return undefined;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return sameToken(bearer ?? cookieValue(req, COOKIE), token);
}

/** On loopback without a token, only requests addressed to a loopback name are served. */
export function hostAllowed(req: IncomingMessage, token: string | undefined): boolean {
  if (token !== undefined) return true;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return isLoopback(host);
}

export function tokenCookie(token: string): string {
  return `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
