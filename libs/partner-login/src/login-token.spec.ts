import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import {
  decodeLoginToken,
  isWithinLoginWindow,
  makeLoginToken,
  normalizeIp,
  openLoginToken,
} from './login-token';

const CODE = 'ACME01';
const SECRET = 'the shared secret of ACME01';
const CLAIMS = { username: 'ayse', exp: 1_700_000_003, remote_ip: '203.0.113.7' };

describe('login tokens (the partner-login wire contract)', () => {
  it('opens what makeLoginToken made, and returns its nonce', () => {
    const nonce = randomBytes(12);
    const bytes = decodeLoginToken(makeLoginToken(CLAIMS, CODE, SECRET, nonce))!;
    expect(openLoginToken(bytes, CODE, SECRET)).toEqual({ claims: CLAIMS, nonce });
  });

  it('matches the layout a partner builds by hand: base64url(nonce ‖ ciphertext ‖ tag), key SHA-256(secret), AAD code', () => {
    const nonce = Buffer.alloc(12, 7);
    const cipher = createCipheriv(
      'aes-256-gcm',
      createHash('sha256').update(SECRET).digest(),
      nonce,
    );
    cipher.setAAD(Buffer.from(CODE));
    const body = Buffer.concat([
      cipher.update(JSON.stringify(CLAIMS)),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const handMade = Buffer.concat([nonce, body]).toString('base64url');
    expect(handMade).toBe(makeLoginToken(CLAIMS, CODE, SECRET, nonce));
    expect(handMade).not.toContain('=');
  });

  it('does not open under another secret or another code, or when any byte changed', () => {
    const bytes = decodeLoginToken(makeLoginToken(CLAIMS, CODE, SECRET))!;
    expect(openLoginToken(bytes, CODE, `${SECRET}!`)).toBeNull();
    expect(openLoginToken(bytes, 'ACME02', SECRET)).toBeNull();
    for (const index of [0, 12, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] ^= 1;
      expect(openLoginToken(tampered, CODE, SECRET)).toBeNull();
    }
  });

  it.each([
    ['a number exp as a string', { ...CLAIMS, exp: '1700000003' }],
    ['a fractional exp', { ...CLAIMS, exp: 1.5 }],
    ['no username', { exp: 1, remote_ip: '1.2.3.4' }],
    ['no remote_ip', { username: 'a', exp: 1 }],
  ])('refuses claims with %s', (_case, claims) => {
    const bytes = decodeLoginToken(makeLoginToken(claims as never, CODE, SECRET))!;
    expect(openLoginToken(bytes, CODE, SECRET)).toBeNull();
  });

  it.each([
    undefined,
    42,
    '',
    'not base64url!',
    'A'.repeat(3000),
    Buffer.alloc(28).toString('base64url'),
  ])('does not decode %p', (token) => {
    expect(decodeLoginToken(token)).toBeNull();
  });

  it('accepts exp from now to now + 3 s, widened by the skew on both sides', () => {
    const now = 1000;
    expect(
      [998, 999, 1000, 1003, 1005, 1006].map((exp) => isWithinLoginWindow(exp, now, 2)),
    ).toEqual([true, true, true, true, true, false]);
    expect(isWithinLoginWindow(997, now, 2)).toBe(false);
    expect(isWithinLoginWindow(999, now, 0)).toBe(false);
    expect(isWithinLoginWindow(1004, now, 0)).toBe(false);
  });

  it('treats IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('::1')).toBe('::1');
  });
});
