// Personal data found inside text, replaced by policy (mask by default, or keyed hash, or kept):
// e-mail addresses, IPv4/IPv6 and MAC addresses, user names in home-directory paths. (IMEIs are
// 15-digit runs, recognised together with card numbers in financial-numbers.ts.)
import type { TextRule } from './text-rule';

export const PERSONAL_DATA_KINDS = ['email', 'ipv4', 'ipv6', 'mac_address', 'imei', 'user_path'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** Characters of an address's local part, walked backwards from the `@`. */
const LOCAL_PART = /[A-Za-z0-9._%+-]/;

const EMAIL: TextRule = {
  kind: 'email',
  hints: ['@'],
  // Anchored on the `@` (rare in text) and widened backwards over the local part, which keeps the
  // combined scan fast. The whole address goes: the local part names the person.
  source: /@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/.source,
  check: (match, index, text) => {
    let start = index;
    while (start > 0 && LOCAL_PART.test(text[start - 1] as string)) start--;
    // `scheme://user:password@host` is URL userinfo (its password is another rule's), not an address.
    const token = text.slice(Math.max(0, start - 256), start);
    if (/:\/\/[^\s/]*$/.test(token)) return null;
    return start === index ? null : { start, end: index + match.length, kind: 'email' };
  },
};

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Addresses that say nothing about a person and matter when debugging connection errors. */
const IPV4_KEPT = new Set(['0.0.0.0', '255.255.255.255']);

/** A four-part number named as a version ("version 1.2.3.4", "build: 10.0.0.1") is a version, not an address. */
const VERSION_BEFORE = /\b(?:version|ver|release|build|v)\s*[:=]?\s*$/i;

/**
 * A product token and slash just before ("Chrome/131.0.0.0", "Safari/537.36.0.1" in a user agent): a version.
 * The token must start the word (after a space, `(`, `;`, `,`, a quote or `=`), so a URL's host or path
 * (`https://host/10.0.0.5`, `/api/10.0.0.5`) and `//` never count; nor do dotted host names (`db.local/…`).
 */
const PRODUCT_BEFORE = /(?:^|[\s(;,"'=])[A-Za-z][\w-]{0,39}\/$/;

/**
 * A package name and `@` just before (`app@1.2.3.4`, `@scope/pkg@10.0.0.1`): a version, as npm, pip and
 * container tags write it. Still an address after a login (`ssh user@10.0.0.5`, `root@…`), in MySQL's
 * quoted `'user'@'10.0.0.5'`, or with a port or path after it (`git@10.0.0.5:repo`).
 */
const PACKAGE_BEFORE = /(?:^|[\s(,;"'=])((?:@[a-z0-9][\w.-]*\/)?[A-Za-z0-9][\w.-]{0,63})@$/;
const LOGIN_BEFORE = /\b(?:ssh|scp|sftp|rsync|telnet|mosh|ssh-copy-id|login|logged in as|user)\s+(?:-\S+\s+)*$/i;
const LOGIN_NAME = /^(?:root|admin|administrator|user|ubuntu|ec2-user|centos|debian|fedora|git|pi|postgres|mysql|oracle|azureuser|www-data|deploy|deployer|jenkins|vagrant|guest|ansible)$/i;

function isPackageVersion(before: string, after: string | undefined): boolean {
  if (after === ':' || after === '/') return false;
  const name = PACKAGE_BEFORE.exec(before);
  if (!name?.[1] || LOGIN_NAME.test(name[1])) return false;
  return !LOGIN_BEFORE.test(before.slice(0, before.length - name[1].length - 1));
}

const IPV4: TextRule = {
  kind: 'ipv4',
  gate: (p) => p.dots >= 3 && p.digits >= 4,
  // Not part of a longer dotted run (versions such as 1.2.3.4.5 or 1.2.3.4-rc, OIDs).
  source: `(?<![\\w.])(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}(?!\\w|\\.\\d|-[A-Za-z])`,
  check: (match, index, text) => {
    if (IPV4_KEPT.has(match) || match.startsWith('127.')) return null;
    const before = text.slice(Math.max(0, index - 96), index);
    if (VERSION_BEFORE.test(before.slice(-16)) || PRODUCT_BEFORE.test(before.slice(-42))) return null;
    if (before.endsWith('@') && isPackageVersion(before, text[index + match.length])) return null;
    return { start: index, end: index + match.length, kind: 'ipv4' };
  },
};

function isIpv6(candidate: string): boolean {
  const halves = candidate.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const compressed = halves.length === 2;
  if (compressed ? groups.length > 7 : groups.length !== 8) return false;
  // `::`, `::1` and short look-alikes (`a::b` in C++ names) are not a person's address.
  return groups.length >= 2 && /\d/.test(candidate) && candidate.replace(/:/g, '').length >= 4;
}

const IPV6_COMPRESSED: TextRule = {
  kind: 'ipv6',
  hints: ['::'],
  source: /(?<![\w:.])(?=[0-9A-Fa-f:]*::)[0-9A-Fa-f:]{3,39}(?![\w:])/.source,
  check: (match, index) => (isIpv6(match) ? { start: index, end: index + match.length, kind: 'ipv6' } : null),
};

/** Hex digits just before `index` (at most `max`), for rules anchored on their first separator. */
function hexBefore(text: string, index: number, max: number): number {
  let start = index;
  while (start > 0 && index - start < max && /[0-9A-Fa-f]/.test(text[start - 1] as string)) start--;
  return start;
}

const IPV6_FULL: TextRule = {
  kind: 'ipv6',
  gate: (p) => p.colons >= 7,
  // Eight groups without `::`, anchored on the first colon (a colon is rarer than a hex digit).
  source: /:(?<=(?:^|[^\w:.])[0-9A-Fa-f]{1,4}:)(?:[0-9A-Fa-f]{1,4}:){6}[0-9A-Fa-f]{1,4}(?![\w:])/.source,
  check: (match, index, text) => {
    const start = hexBefore(text, index, 4);
    const candidate = text.slice(start, index + match.length);
    return isIpv6(candidate) ? { start, end: index + match.length, kind: 'ipv6' } : null;
  },
};

const MAC: TextRule = {
  kind: 'mac_address',
  gate: (p) => p.colons >= 5 || p.dashes >= 5,
  // Six hex pairs joined by one kind of separator, anchored on the first separator.
  source: /(?::(?<=(?:^|[^\w:-])[0-9A-Fa-f]{2}:)[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){4}|-(?<=(?:^|[^\w:-])[0-9A-Fa-f]{2}-)[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){4})(?![\w:-])/.source,
  check: (match, index) => ({ start: index - 2, end: index + match.length, kind: 'mac_address' }),
};

const MAC_DOTTED: TextRule = {
  kind: 'mac_address',
  gate: (p) => p.dots >= 2,
  // Cisco style: three groups of four hex digits (aabb.ccdd.eeff).
  source: /\.(?<=(?:^|[^\w.])[0-9A-Fa-f]{4}\.)[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/.source,
  check: (match, index) => ({ start: index - 4, end: index + match.length, kind: 'mac_address' }),
};

/** Shared folders that belong to no one. */
const NOT_A_USER = /^(?:Shared|Public|Default|All Users|Default User)$/i;

const USER_PATH: TextRule = {
  kind: 'user_path',
  hints: ['/home/', '/Users/', 'Users\\'],
  // Only the user-name segment is replaced, so the rest of the path stays readable.
  source: /(?:\/home\/|\/Users\/|\\+Users\\+)(?<![\w.-][/\\]+(?:home|Users)[/\\]+)[^/\\\s"'<>:*?|]{1,64}/.source,
  check: (match, index) => {
    const nameStart = Math.max(match.lastIndexOf('/'), match.lastIndexOf('\\')) + 1;
    const name = match.slice(nameStart);
    return NOT_A_USER.test(name) ? null : { start: index + nameStart, end: index + match.length, kind: 'user_path' };
  },
};

/** Rules for the personal-data kinds the policy does not keep, in scanning order. */
export function personalDataRules(kinds: ReadonlySet<string>): TextRule[] {
  return [USER_PATH, EMAIL, IPV6_COMPRESSED, IPV6_FULL, IPV4, MAC, MAC_DOTTED].filter((rule) => kinds.has(rule.kind));
}
