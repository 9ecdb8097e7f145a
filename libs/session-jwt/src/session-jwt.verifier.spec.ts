import { generateKeyPairSync, type KeyObject, randomInt, sign } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { JWT_ALGORITHM, type SessionJwtVerdict, verifySessionJwt } from './session-jwt.verifier';

/**
 * `verifySessionJwt` against jose's `jwtVerify` with the options session JWT used to pass
 * it: on every token below, valid or mutated, both give the same verdict, except where the
 * verifier is documented as stricter (non-canonical base64url, any `crit` header), and
 * there it refuses.
 */

const rsaKey = (modulusLength: number) =>
  generateKeyPairSync('rsa', { modulusLength, publicExponent: 0x10001 });
const signer = rsaKey(2048);
const stranger = rsaKey(2048);
const weak = rsaKey(1024);
const KID = 'kid-1';
const WEAK_KID = 'kid-weak';
const keys = new Map<string, KeyObject>([
  [KID, signer.publicKey],
  [WEAK_KID, weak.publicKey],
]);
const keyFor = async (kid: unknown) => (typeof kid === 'string' ? (keys.get(kid) ?? null) : null);

const NOW = new Date('2026-12-06T12:00:00.000Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const expected = { issuer: 'authkit', audience: '*.*', now: NOW };

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const headerOf = (header: object = {}) => ({ alg: JWT_ALGORITHM, typ: 'JWT', kid: KID, ...header });
const claimsOf = (claims: object = {}) => ({
  lgn: 'ann',
  rls: ['user'],
  sid: '1f0e3b8e-4a8e-4b43-9a3f-6b7d7c1e2a10',
  aud: '*.*',
  iss: 'authkit',
  sub: '7d4f8f2c-2d3e-4f55-8d7a-0c0b9f1e6a22',
  iat: nowSeconds - 60,
  exp: nowSeconds + 3600,
  ...claims,
});

/** Signs the exact header and claims text given (so that any JSON, valid or not, can be signed). */
function signRaw(headerText: string, claimsText: string, key: KeyObject = signer.privateKey) {
  const input = `${b64(headerText)}.${b64(claimsText)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
const token = (claims: object = {}, header: object = {}, key?: KeyObject) =>
  signRaw(JSON.stringify(headerOf(header)), JSON.stringify(claimsOf(claims)), key);

async function joseVerdict(jwt: string): Promise<SessionJwtVerdict> {
  const UNKNOWN = new Error('unknown kid');
  try {
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      async (header) => {
        const key = await keyFor(header.kid);
        if (!key) throw UNKNOWN;
        return key;
      },
      {
        algorithms: [JWT_ALGORITHM],
        issuer: expected.issuer,
        audience: expected.audience,
        currentDate: NOW,
        requiredClaims: ['exp', 'iat', 'sid', 'sub'],
      },
    );
    return { claims: payload as Record<string, unknown>, kid: protectedHeader.kid as string };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { refused: 'expired' };
    if (error === UNKNOWN) return { refused: 'unknown' };
    return { refused: 'malformed' };
  }
}

const isCanonical = (jwt: string) =>
  jwt.split('.').every((part) => part.length % 4 !== 1 && /^[A-Za-z0-9_-]+$/.test(part));

async function expectSameVerdictAsJose(jwt: string, stricter = !isCanonical(jwt)): Promise<void> {
  const ours = await verifySessionJwt(jwt, keyFor, expected);
  const jose = await joseVerdict(jwt);
  if (stricter && !('refused' in jose)) expect(ours).toEqual({ refused: 'malformed' });
  else expect({ jwt, verdict: ours }).toEqual({ jwt, verdict: jose });
}

describe('verifySessionJwt, held to jose jwtVerify', () => {
  it('accepts a valid token, with its claims and kid', async () => {
    const jwt = token();
    await expect(verifySessionJwt(jwt, keyFor, expected)).resolves.toEqual({
      claims: claimsOf(),
      kid: KID,
    });
    await expectSameVerdictAsJose(jwt);
  });

  it.each([
    ['alg none', { alg: 'none' }],
    ['alg HS256', { alg: 'HS256' }],
    ['alg RS512', { alg: 'RS512' }],
    ['alg in lower case', { alg: 'rs256' }],
    ['alg missing', { alg: undefined }],
    ['alg not a string', { alg: 256 }],
    ['unknown kid', { kid: 'nobody' }],
    ['no kid', { kid: undefined }],
    ['kid not a string', { kid: 1 }],
    ['kid of a 1024-bit key', { kid: WEAK_KID }],
    ['crit naming an unknown extension', { crit: ['exp'] }],
    ['empty crit', { crit: [] }],
    ['crit b64 with b64 false', { crit: ['b64'], b64: false }],
    ['another typ', { typ: 'at+jwt' }],
    ['extra header members', { x5u: 'https://example.test', jku: 'https://example.test' }],
  ])('header: %s', async (_name, header) => {
    await expectSameVerdictAsJose(token({}, header));
  });

  it('refuses crit b64 with b64 true, which jose accepts (stricter)', async () => {
    const jwt = token({}, { crit: ['b64'], b64: true });
    await expect(verifySessionJwt(jwt, keyFor, expected)).resolves.toEqual({
      refused: 'malformed',
    });
    await expectSameVerdictAsJose(jwt, true);
  });

  it.each(['iss', 'aud', 'sub', 'sid', 'iat', 'exp'])('claims: %s missing', async (claim) => {
    await expectSameVerdictAsJose(token({ [claim]: undefined }));
  });

  it.each([
    ['another issuer', { iss: 'someone' }],
    ['issuer in an array', { iss: ['authkit'] }],
    ['audience in an array', { aud: ['other', '*.*'] }],
    ['another audience', { aud: 'other' }],
    ['audience as an array without ours', { aud: ['other'] }],
    ['audience not a string', { aud: 1 }],
    ['iat as a string', { iat: String(nowSeconds) }],
    ['iat in the future', { iat: nowSeconds + 3600 }],
    ['exp as a string', { exp: String(nowSeconds + 60) }],
    ['exp null', { exp: null }],
    ['exp now', { exp: nowSeconds }],
    ['exp a second ago', { exp: nowSeconds - 1 }],
    ['exp in a second', { exp: nowSeconds + 1 }],
    ['exp fractional, just past', { exp: nowSeconds - 0.5 }],
    ['nbf now', { nbf: nowSeconds }],
    ['nbf in a second', { nbf: nowSeconds + 1 }],
    ['nbf as a string', { nbf: String(nowSeconds) }],
    ['expired with a wrong issuer', { exp: nowSeconds - 10, iss: 'someone' }],
    ['expired with nbf in the future', { exp: nowSeconds - 10, nbf: nowSeconds + 10 }],
    ['sid not a string', { sid: 7 }],
  ])('claims: %s', async (_name, claims) => {
    await expectSameVerdictAsJose(token(claims));
  });

  it.each([
    ['a JSON array', '[1,2]'],
    ['null', 'null'],
    ['a string', '"claims"'],
    ['not JSON', '{"iss":'],
    ['exp overflowing to Infinity', JSON.stringify(claimsOf()).replace(/"exp":\d+/, '"exp":1e400')],
    ['a duplicated exp, the last one past', `${JSON.stringify(claimsOf()).slice(0, -1)},"exp":1}`],
    ['a __proto__ member', `${JSON.stringify(claimsOf()).slice(0, -1)},"__proto__":{"x":1}}`],
  ])('claims text: %s', async (_name, claimsText) => {
    await expectSameVerdictAsJose(signRaw(JSON.stringify(headerOf()), claimsText));
  });

  it('refuses claims that are not UTF-8, as jose does', async () => {
    const input = `${b64(JSON.stringify(headerOf()))}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}`;
    const jwt = `${input}.${sign('sha256', Buffer.from(input), signer.privateKey).toString('base64url')}`;
    await expectSameVerdictAsJose(jwt);
  });

  it('refuses a signature by another key, a truncated one and an empty one', async () => {
    const jwt = token();
    const [header, claims, signature] = jwt.split('.');
    await expectSameVerdictAsJose(token({}, {}, stranger.privateKey));
    await expectSameVerdictAsJose(`${header}.${claims}.${signature.slice(0, -4)}`);
    await expectSameVerdictAsJose(`${header}.${claims}.`);
    await expectSameVerdictAsJose(
      `${header}.${token({ sub: 'someone else' }).split('.')[1]}.${signature}`,
    );
  });

  it.each([
    ['two parts', (jwt: string) => jwt.split('.').slice(0, 2).join('.')],
    ['four parts', (jwt: string) => `${jwt}.x`],
    ['a padded signature', (jwt: string) => `${jwt}==`],
    [
      'standard base64 in the signature',
      (jwt: string) => jwt.replace(/-/g, '+').replace(/_/g, '/'),
    ],
    ['a space inside the signature', (jwt: string) => `${jwt.slice(0, -10)} ${jwt.slice(-10)}`],
    ['a leading space', (jwt: string) => ` ${jwt}`],
    ['a NUL at the end', (jwt: string) => `${jwt}\u0000`],
  ])('encoding: %s', async (_name, mutate) => {
    await expectSameVerdictAsJose(mutate(token()));
  });

  it('agrees with jose on 400 tokens with a character replaced, inserted or deleted', async () => {
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u0000\u0007\u007f\u00e9\ud800\udfff';
    const valid = token();
    for (let i = 0; i < 400; i++) {
      const at = randomInt(valid.length);
      const char = alphabet[randomInt(alphabet.length)];
      const mutated = [
        valid.slice(0, at) + char + valid.slice(at + 1),
        valid.slice(0, at) + char + valid.slice(at),
        valid.slice(0, at) + valid.slice(at + 1),
      ][i % 3];
      await expectSameVerdictAsJose(mutated);
    }
  });
});
