import { isWellFormedToken } from './secret-token';

/**
 * How one kind of credential authkit mints looks on the wire: what a secret
 * scanner searches for, and what `token check` recognises offline.
 */
export interface CredentialFormat {
  /** A stable name: `site_token`, `login_token`... */
  type: string;
  /** The prefix before `_`, for prefixed tokens. */
  prefix?: string;
  /** A regular expression (source, no anchors) matching every such credential in running text. */
  scannerPattern: string;
  /** Whether `value` is well formed as this kind, checksum included. */
  matches(value: string): boolean;
}

/** `<prefix>_` + 43 base62 characters (256 random bits) + 6 base62 characters of CRC32. */
export function prefixedTokenFormat(type: string, prefix: string): CredentialFormat {
  return {
    type,
    prefix,
    scannerPattern: `\\b${prefix}_[0-9A-Za-z]{49}\\b`,
    matches: (value) => isWellFormedToken(value, prefix),
  };
}

/** The kind `value` is among `formats`, offline: shape and checksum only, no lookup. */
export function identifyCredential(
  value: string,
  formats: readonly CredentialFormat[],
): { valid: true; type: string } | { valid: false } {
  const format = formats.find((candidate) => candidate.matches(value));
  return format ? { valid: true, type: format.type } : { valid: false };
}
