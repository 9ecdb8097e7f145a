import type { CredentialFormat } from '@authkit/core/internal';

const COMPACT_JWS = /^[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+$/;

/** A session JWT: a compact RS256 JWS with a `kid` (its signature, checked online, is its integrity). */
function isSessionJwt(value: string): boolean {
  if (!COMPACT_JWS.test(value)) return false;
  try {
    const header = JSON.parse(
      Buffer.from(value.split('.')[0], 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const payload = JSON.parse(
      Buffer.from(value.split('.')[1], 'base64url').toString('utf8'),
    ) as unknown;
    return (
      header.alg === 'RS256' &&
      typeof header.kid === 'string' &&
      typeof payload === 'object' &&
      payload !== null
    );
  } catch {
    return false;
  }
}

/** The credential session JWT mints. */
export const sessionJwtCredentialFormats: readonly CredentialFormat[] = [
  {
    type: 'session_jwt',
    scannerPattern: '\\beyJ[0-9A-Za-z_-]+\\.eyJ[0-9A-Za-z_-]+\\.[0-9A-Za-z_-]+',
    matches: isSessionJwt,
  },
];
