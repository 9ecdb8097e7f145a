import { type KeyObject, verify } from 'node:crypto';

/** The only algorithm a session JWT is signed with (RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256). */
export const JWT_ALGORITHM = 'RS256';
const MIN_RSA_MODULUS_BITS = 2048;

export interface SessionJwtExpectations {
  issuer: string;
  audience: string;
  /** The server's clock: `exp` and `nbf` are judged against it. */
  now: Date;
}

/** A verified token's claims and the kid of the key that signed it; or why it was refused. */
export type SessionJwtVerdict =
  | { claims: Record<string, unknown>; kid: string }
  | { refused: 'malformed' | 'unknown' | 'expired' };

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const REQUIRED_CLAIMS = ['iss', 'aud', 'sub', 'sid', 'iat', 'exp'];

/**
 * Verifies a compact session JWT as jose's `jwtVerify` does with the options session JWT
 * uses (`algorithms: ['RS256']`, issuer, audience, `requiredClaims: exp, iat, sid, sub`,
 * the server's clock), in the same order and with the same outcomes, except that it is
 * stricter where jose is lenient: only canonical base64url, and no `crit` header at all.
 *
 * Why not jose here, when jose signs the tokens and serves the JWKS: jose 6 verifies
 * through WebCrypto, which Node runs as a job on the libuv thread pool; that costs about
 * three times the CPU of node:crypto's synchronous `verify` (docs/performance.md), on every
 * request the credential cache misses. `session-jwt.verifier.spec.ts` holds this function
 * to jose's verdict on every token it mutates.
 */
export async function verifySessionJwt(
  token: string,
  keyFor: (kid: unknown) => Promise<KeyObject | null>,
  expected: SessionJwtExpectations,
): Promise<SessionJwtVerdict> {
  const parts = token.split('.');
  if (parts.length !== 3) return MALFORMED;
  const [encodedHeader, encodedClaims, encodedSignature] = parts;
  const header = decodeJsonObject(encodedHeader);
  if (!header || header.crit !== undefined || header.alg !== JWT_ALGORITHM) return MALFORMED;

  const key = await keyFor(header.kid);
  if (!key) return { refused: 'unknown' };
  if (
    key.asymmetricKeyType !== 'rsa' ||
    (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_MODULUS_BITS ||
    !isCanonicalBase64url(encodedClaims) ||
    !isCanonicalBase64url(encodedSignature)
  )
    return MALFORMED;
  let signed: boolean;
  try {
    signed = verify(
      'sha256',
      Buffer.from(`${encodedHeader}.${encodedClaims}`, 'latin1'),
      key,
      Buffer.from(encodedSignature, 'base64url'),
    );
  } catch {
    return MALFORMED;
  }
  if (!signed) return MALFORMED;

  const claims = decodeJsonObject(encodedClaims);
  if (!claims || REQUIRED_CLAIMS.some((claim) => !Object.hasOwn(claims, claim))) return MALFORMED;
  if (claims.iss !== expected.issuer || !namesAudience(claims.aud, expected.audience))
    return MALFORMED;
  const now = Math.floor(expected.now.getTime() / 1000);
  if (typeof claims.iat !== 'number') return MALFORMED;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now))
    return MALFORMED;
  if (typeof claims.exp !== 'number') return MALFORMED;
  if (claims.exp <= now) return { refused: 'expired' };
  return { claims, kid: header.kid as string };
}

const MALFORMED = { refused: 'malformed' } as const;

/** A base64url string with no padding and no leftover character (a length of 4n+1 encodes no whole byte). */
function isCanonicalBase64url(part: string): boolean {
  return part.length % 4 !== 1 && BASE64URL.test(part);
}

/** The JSON object a base64url part encodes, in strict UTF-8; null for anything else. */
function decodeJsonObject(part: string): Record<string, unknown> | null {
  if (!isCanonicalBase64url(part)) return null;
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(Buffer.from(part, 'base64url')));
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function namesAudience(aud: unknown, audience: string): boolean {
  return aud === audience || (Array.isArray(aud) && aud.includes(audience));
}
