// Times for people: "3 min ago" (the JSON keeps the ISO time only: it does not depend on when it is
// read) and short UTC times for lists.
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return '';
  const ago = seconds >= 0;
  const s = Math.abs(seconds);
  const text = s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : s < 86_400 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(s / 86_400)} days`;
  return ago ? `${text} ago` : `in ${text} (clock skew)`;
}

/** `2026-12-06 10:59:59 UTC`: an ISO time to the second, for lists. */
export function utcSeconds(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}
