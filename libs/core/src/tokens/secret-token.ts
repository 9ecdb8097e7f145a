import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Secret tokens in the style of GitHub's and Stripe's keys:
 *
 *   <prefix>_<43 base62 chars: 256 random bits><6 base62 chars: CRC32 of what precedes>
 *
 * The prefix lets secret scanners find leaked tokens and tells the kinds apart;
 * the checksum lets a mistyped or forged token be refused before any lookup.
 * The checksum is not a MAC: it only filters noise, the hash lookup decides.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_BYTES = 32;
const BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // ceil(32 / log2(62))
const PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;
const BASE62_ONLY = /^[0-9A-Za-z]+$/;

function toBase62(bytes: Buffer, length: number): string {
  let value = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let out = '';
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(length, '0');
}

/** CRC32 of `text` in base62: plain number arithmetic, as it runs on every presented token. */
function checksumOf(text: string, length: number): string {
  let value = crc32(text) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

function assertPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`Token prefix must match ${PREFIX_PATTERN}`);
  }
}

/** A new prefixed, checksummed token carrying 256 bits from the CSPRNG. */
export function generateToken(prefix: string): string {
  assertPrefix(prefix);
  const head = `${prefix}_${toBase62(randomBytes(RANDOM_BYTES), BODY_LENGTH)}`;
  return head + checksumOf(head, CHECKSUM_LENGTH);
}

/** True when `token` has the shape of a `prefix` token and its checksum matches. */
export function isWellFormedToken(token: unknown, prefix: string): token is string {
  if (typeof token !== 'string') return false;
  const expectedLength = prefix.length + 1 + BODY_LENGTH + CHECKSUM_LENGTH;
  if (token.length !== expectedLength || !token.startsWith(`${prefix}_`)) return false;
  const head = token.slice(0, -CHECKSUM_LENGTH);
  if (!BASE62_ONLY.test(token.slice(prefix.length + 1))) return false;
  // A plain comparison: the checksum is a function of what the client sent, so its timing tells nothing new.
  return token.slice(-CHECKSUM_LENGTH) === checksumOf(head, CHECKSUM_LENGTH);
}

/**
 * A lowercase-hex secret of `bytes` random bytes followed by 8 hex chars of CRC32,
 * for wire formats that fix the alphabet (site key's `<id>:<secret>`).
 */
export function generateHexSecret(bytes = 32): string {
  const body = randomBytes(bytes).toString('hex');
  return body + (crc32(body) >>> 0).toString(16).padStart(8, '0');
}

export function isWellFormedHexSecret(secret: unknown, bytes = 32): secret is string {
  if (typeof secret !== 'string' || secret.length !== bytes * 2 + 8) return false;
  if (!/^[0-9a-f]+$/.test(secret)) return false;
  const body = secret.slice(0, -8);
  return secret.slice(-8) === (crc32(body) >>> 0).toString(16).padStart(8, '0');
}

/** A short random identifier over [a-z0-9] (unbiased), e.g. site key's 10-char token id. */
export function generateIdentifier(length = 10): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 252 && out.length < length) out += alphabet[byte % 36];
    }
  }
  return out;
}

/**
 * The stored form of a high-entropy secret: SHA-256, hex. Such secrets need no
 * salt or slow hash (nobody can enumerate 2^256 candidates); passwords do, see PasswordHasher.
 */
export function hashSecret(secret: string): string {
  // The one-shot form: it runs on every presented token, and skips building a Hash object.
  return hash('sha256', secret, 'hex');
}

/**
 * Constant-time string equality. Both sides are hashed first so that neither
 * the content nor the length of the expected value leaks through timing.
 */
export function safeEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
