import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * A partner's encrypted login token, as the partner-login wire contract (docs/wire-contracts.md) fixes it:
 * base64url (no padding) of nonce(12) ‖ ciphertext ‖ tag(16), AES-256-GCM,
 * key = SHA-256 of the UTF-8 API-code secret, AAD = the UTF-8 API code,
 * plaintext = JSON `{"username", "exp", "remote_ip"}`.
 */
export interface LoginTokenClaims {
  username: string;
  /** Unix seconds. */
  exp: number;
  remote_ip: string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Far above any real token (a username and an IP); longer input is refused unread. */
export const MAX_LOGIN_TOKEN_LENGTH = 2048;

/** Makes a login token: what a partner's back end does (a TypeScript helper for clients and tests). */
export function makeLoginToken(
  claims: LoginTokenClaims,
  apiCode: string,
  secret: string,
  nonce: Buffer = randomBytes(NONCE_BYTES),
): string {
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), nonce);
  cipher.setAAD(Buffer.from(apiCode, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

export type OpenedLoginToken = { claims: LoginTokenClaims; nonce: Buffer };

/** The bytes of a token, or null when it is not base64url of at least nonce + 1 byte + tag. */
export function decodeLoginToken(token: unknown): Buffer | null {
  // Unpadded, as the wire contract asks, or padded, as Python's urlsafe_b64encode writes it.
  if (
    typeof token !== 'string' ||
    token.length > MAX_LOGIN_TOKEN_LENGTH ||
    !/^[A-Za-z0-9_-]+={0,2}$/.test(token)
  )
    return null;
  const bytes = Buffer.from(token, 'base64url');
  return bytes.length > NONCE_BYTES + TAG_BYTES ? bytes : null;
}

/**
 * Decrypts and parses a token; null when it does not open under this code's
 * key (wrong secret, other code, tampering) or its JSON is not the claims.
 * The nonce it returns identifies the token however its text was encoded.
 */
export function openLoginToken(
  bytes: Buffer,
  apiCode: string,
  secret: string,
): OpenedLoginToken | null {
  const nonce = bytes.subarray(0, NONCE_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), nonce, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(apiCode, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  let plaintext: string;
  try {
    plaintext = Buffer.concat([
      decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
  const claims = parseClaims(plaintext);
  return claims ? { claims, nonce: Buffer.from(nonce) } : null;
}

/** The wire contract: now ≤ exp ≤ now + 3 s, each bound widened by the clock-skew allowance. */
export function isWithinLoginWindow(
  exp: number,
  nowSeconds: number,
  skewSeconds: number,
  windowSeconds = 3,
): boolean {
  return exp >= nowSeconds - skewSeconds && exp <= nowSeconds + windowSeconds + skewSeconds;
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same IPv4 client. */
export function normalizeIp(ip: string): string {
  const lower = ip.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice('::ffff:'.length) : lower;
}

function keyOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

function parseClaims(plaintext: string): LoginTokenClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { username, exp, remote_ip: remoteIp } = value as Record<string, unknown>;
  if (typeof username !== 'string' || username === '' || username.length > 150) return null;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp)) return null;
  if (typeof remoteIp !== 'string' || remoteIp === '' || remoteIp.length > 64) return null;
  return { username, exp, remote_ip: remoteIp };
}
