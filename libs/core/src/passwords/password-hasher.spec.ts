import * as argon2 from 'argon2';
import { OWASP_MINIMUM_ARGON2ID, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at the OWASP minimum and verifies', async () => {
    const hash = await hasher.hash('pw');
    expect(hash).toMatch(/^\$argon2id\$v=19\$(m=19456,t=2,p=1|m=19456,p=1,t=2)\$/);
    expect(await hasher.verify(hash, 'pw')).toEqual({ valid: true, needsRehash: false });
    expect(await hasher.verify(hash, 'PW')).toEqual({ valid: false, needsRehash: false });
  });

  it('asks for a rehash of weaker stored parameters, only after a valid check', async () => {
    const weak = await argon2.hash('pw', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    expect(await hasher.verify(weak, 'pw')).toEqual({ valid: true, needsRehash: true });
    expect(await hasher.verify(weak, 'nope')).toEqual({ valid: false, needsRehash: false });
    const argon2i = await argon2.hash('pw', { type: argon2.argon2i, ...OWASP_MINIMUM_ARGON2ID });
    expect((await hasher.verify(argon2i, 'pw')).needsRehash).toBe(true);
  });

  it('treats a malformed stored hash as a failed check', async () => {
    expect(await hasher.verify('not-a-hash', 'pw')).toEqual({ valid: false, needsRehash: false });
  });

  it('refuses parameters below the OWASP minimum', () => {
    expect(() => new PasswordHasher({ memoryCost: 8192, timeCost: 2, parallelism: 1 })).toThrow(
      /OWASP/,
    );
    expect(() => new PasswordHasher({ memoryCost: 19456, timeCost: 1, parallelism: 1 })).toThrow(
      /OWASP/,
    );
  });

  it('verifyNothing always fails', async () => {
    expect(await hasher.verifyNothing('anything')).toEqual({ valid: false, needsRehash: false });
  });
});
