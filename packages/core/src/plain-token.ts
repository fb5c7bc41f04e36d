// The one shape of a "plain token": error codes, remote codes, service names, validation issue codes.
// Such a value is safe to copy verbatim (no spaces, no markup, bounded length).

/** 1–64 characters of `A–Z a–z 0–9 _ . : -`. No `g`/`y` flag, so `test` keeps no state between calls. */
export const PLAIN_TOKEN = /^[A-Za-z0-9_.:-]{1,64}$/;
