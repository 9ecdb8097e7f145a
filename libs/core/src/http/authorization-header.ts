/** Upper bound for any credential we parse out of a header; longer is refused unread. */
export const MAX_CREDENTIAL_LENGTH = 4096;

/** The token of `Authorization: Bearer <token>` (scheme name case-insensitive), or null. */
export function readBearerToken(header: unknown): string | null {
  const value = readScheme(header, 'bearer');
  return value && /^[\x21-\x7e]+$/.test(value) ? value : null;
}

/**
 * The user name and password of `Authorization: Basic <base64(user:password)>`
 * (RFC 7617, UTF-8), or null when the header is absent or malformed.
 */
export function readBasicCredentials(
  header: unknown,
): { username: string; password: string } | null {
  const value = readScheme(header, 'basic');
  if (!value || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readScheme(header: unknown, scheme: string): string | null {
  if (typeof header !== 'string' || header.length > MAX_CREDENTIAL_LENGTH) return null;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== scheme) return null;
  const value = header.slice(space + 1).trim();
  return value === '' ? null : value;
}
