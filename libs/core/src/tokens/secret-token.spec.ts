import {
  generateHexSecret,
  generateIdentifier,
  generateToken,
  hashSecret,
  isWellFormedHexSecret,
  isWellFormedToken,
  safeEqual,
} from './secret-token';

describe('secret tokens', () => {
  it('carry the prefix, 256 random bits and a checksum', () => {
    const token = generateToken('aks');
    expect(token).toMatch(/^aks_[0-9A-Za-z]{49}$/);
    expect(isWellFormedToken(token, 'aks')).toBe(true);
    expect(generateToken('aks')).not.toBe(token);
  });

  it('refuse a token of another kind, a mistyped one and a forged one before any lookup', () => {
    const token = generateToken('aks');
    expect(isWellFormedToken(token, 'akr')).toBe(false);
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    expect(isWellFormedToken(token.slice(0, -1) + last, 'aks')).toBe(false);
    const body = token.charAt(10) === 'Z' ? 'Y' : 'Z';
    expect(isWellFormedToken(token.slice(0, 10) + body + token.slice(11), 'aks')).toBe(false);
    expect(isWellFormedToken(token + 'x', 'aks')).toBe(false);
    expect(isWellFormedToken('', 'aks')).toBe(false);
    expect(isWellFormedToken(undefined, 'aks')).toBe(false);
    expect(isWellFormedToken(`aks_${'!'.repeat(49)}`, 'aks')).toBe(false);
  });

  it('keep the checksum format of issued tokens (CRC32 in base62, most significant digit first)', () => {
    const issued = 'test_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3x16xzSf';
    expect(isWellFormedToken(issued, 'test')).toBe(true);
    expect(isWellFormedToken(`${issued.slice(0, -1)}g`, 'test')).toBe(false);
  });

  it('refuse bad prefixes', () => {
    expect(() => generateToken('A')).toThrow();
    expect(() => generateToken('has_underscore')).toThrow();
  });

  it('hex secrets are lowercase hex with a checksum', () => {
    const secret = generateHexSecret();
    expect(secret).toMatch(/^[0-9a-f]{72}$/);
    expect(isWellFormedHexSecret(secret)).toBe(true);
    const flipped = secret.slice(0, 5) + (secret[5] === '0' ? '1' : '0') + secret.slice(6);
    expect(isWellFormedHexSecret(flipped)).toBe(false);
    expect(isWellFormedHexSecret(secret.toUpperCase())).toBe(false);
  });

  it('identifiers are short lowercase alphanumerics', () => {
    const ids = new Set(Array.from({ length: 200 }, () => generateIdentifier(10)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{10}$/);
  });

  it('hashSecret is SHA-256 hex and never the secret itself', () => {
    const hash = hashSecret('s3cret');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashSecret('s3cret'));
    expect(hash).not.toBe(hashSecret('s3cres'));
  });

  it('safeEqual compares content, whatever the lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
