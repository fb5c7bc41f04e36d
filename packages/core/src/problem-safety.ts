// A last check on text that is about to reach a client in production: even an exposed message is
// dropped if it looks like internals leaked into it (a file path, a stack frame, SQL, a host name).
const INTERNAL_SHAPES: readonly RegExp[] = [
  // File paths: well-known roots, Windows drives, file URLs, source and config files, node_modules.
  /(?:^|[\s'"(=:,])\/(?:home|Users|root|var|srv|opt|usr|etc|tmp|app|proc|mnt|data)\/\S/,
  /\b[A-Za-z]:\\[\w.\\ -]/,
  /\bfile:\/\//i,
  /node_modules/,
  /[\w-]+\.(?:m?js|cjs|tsx?|json|node|sql|ya?ml|env|pem|key|sh|py|rb|java|go)(?::\d+)?\b/,
  // Stack frames.
  /\n\s*at\s/,
  /\bat\s+\S+\s+\(?\S+:\d+:\d+\)?/,
  // SQL and database error vocabulary.
  /\b(?:select\s[\s\S]{1,200}?\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from|create\s+table|drop\s+table|alter\s+table)\b/i,
  /\b(?:SQLSTATE|syntax error at or near|duplicate key value|violates (?:unique|foreign key|not-null) constraint|ER_[A-Z_]{3,}|ORA-\d{5})/i,
  /\brelation "[^"]+" does not exist/i,
  // Host names and network endpoints.
  /\blocalhost\b/i,
  /\b(?:\d{1,3}\.){3}\d{1,3}\b/,
  /\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/i,
  /\b[\w-]+(?:\.[\w-]+)*\.(?:internal|local|lan|corp|intranet|svc|cluster\.local|localdomain)\b/i,
  /\b[\w-]+(?:\.[\w-]+)+:\d{2,5}\b/,
  /\b(?:ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|getaddrinfo)\b/,
];

/** True when `text` looks like it carries internals that must not reach a production client. */
export function looksInternal(text: string): boolean {
  return INTERNAL_SHAPES.some((shape) => shape.test(text));
}
