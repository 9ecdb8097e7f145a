import { createPrivateKey } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import { RevocationBus } from '@authkit/core';
import {
  CurrentSessionJwtPrincipal,
  sessionJwtEntities,
  sessionJwtMigrations,
  SessionJwtModule,
  type SessionJwtPrincipal,
  SigningKeyHealthIndicator,
  SigningKeyService,
  UseSessionJwtAuth,
} from '@authkit/session-jwt';
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { factories } from '../../../test/support/factories';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { request } from '../../../test/support/http';

const MASTER_SECRET = 'a host master secret, thirty-two bytes or more';
const AUTH = 'axxonsoft.bl.auth.AuthenticationService';

@Controller('grpc')
class WhoamiController {
  @Get('whoami')
  @UseSessionJwtAuth({ bearerOnly: true })
  whoami(@CurrentSessionJwtPrincipal() principal: SessionJwtPrincipal) {
    return { user: principal.user.username };
  }
}

const host = (label: string, options: { masterSecret?: string; db?: HostApp['db'] } = {}) =>
  startHostApp({
    label,
    db: options.db,
    entities: sessionJwtEntities,
    migrations: sessionJwtMigrations,
    imports: [SessionJwtModule.forRoot({ masterSecret: options.masterSecret ?? MASTER_SECRET })],
    controllers: [WhoamiController],
  });

/**
 * Session JWT's signing keys: sealed at rest under the master secret, published
 * without their private parts, rotated without logging anyone out, retired so
 * that what they signed stops verifying, on every instance sharing the database.
 */
describe('session JWT: signing keys (rotation, retirement, storage), two instances', () => {
  let a: HostApp;
  let b: HostApp;
  let keys: SigningKeyService;
  /** Signed by the first key, before it was rotated out. */
  let signedByTheOldKey: string;

  beforeAll(async () => {
    a = await host('signing_keys');
    b = await host('signing_keys', { db: a.db });
    keys = a.app.get(SigningKeyService);
    await factories(a.app).user({ username: 'root', password: 'root-password' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const login = async (base: string): Promise<string> => {
    const answer = await request(`${base}/grpc`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('root:root-password').toString('base64')}`,
      },
      body: {
        method: `${AUTH}.AuthenticateEx`,
        data: { user_name: 'root', password: 'root-password' },
      },
    });
    expect(answer.status).toBe(200);
    return answer.body.token_value;
  };
  const whoami = (base: string, token: string) =>
    request(`${base}/grpc/whoami`, { headers: { Authorization: `Bearer ${token}` } });
  const kidOf = (token: string) => decodeProtectedHeader(token).kid;
  const jwks = async (base: string) =>
    (await request(`${base}/.well-known/jwks.json`)).body.keys as Array<Record<string, unknown>>;

  it('publishes each key by its RFC 7638 thumbprint, public members only; keeps the private key sealed', async () => {
    const token = await login(a.baseUrl);
    const [published] = await jwks(a.baseUrl);
    expect(Object.keys(published).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(published).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: kidOf(token) });
    expect(published.kid).toBe(
      await calculateJwkThumbprint({
        kty: 'RSA',
        n: published.n as string,
        e: published.e as string,
      }),
    );
    const rows = await a.db.query<{ sealed: string }>(
      'SELECT "private_key_sealed" AS sealed FROM "session_jwt_signing_key"',
    );
    expect(rows).toHaveLength(1);
    // Sealed: the secret box's shape, no PEM, and no part of it a key. (Not a search for "MII",
    // DER's base64 prefix: random ciphertext holds those three letters about once in 130 runs.)
    const sealed = rows[0].sealed;
    expect(sealed).toMatch(/^v1(\.[\w-]+){3}$/);
    expect(sealed).not.toMatch(/BEGIN|PRIVATE/);
    expect(() => createPrivateKey(sealed)).toThrow();
    for (const part of sealed.split('.').slice(1))
      expect(() =>
        createPrivateKey({ key: Buffer.from(part, 'base64url'), format: 'der', type: 'pkcs8' }),
      ).toThrow();
    expect(sealed).not.toContain(MASTER_SECRET);
  });

  it('rotation: the new key signs at once on both instances, and tokens of the old one keep working', async () => {
    const before = await login(a.baseUrl);
    signedByTheOldKey = before;
    const oldKid = kidOf(before);
    const newKid = await keys.rotate();
    expect(newKid).not.toBe(oldKid);
    const after = await login(a.baseUrl);
    expect(kidOf(after)).toBe(newKid);
    for (const base of [a.baseUrl, b.baseUrl]) {
      expect((await whoami(base, before)).status).toBe(200);
      expect((await whoami(base, after)).status).toBe(200);
      expect((await jwks(base)).map((key) => key.kid).sort()).toEqual([oldKid, newKid].sort());
    }
    expect(kidOf(await login(b.baseUrl))).toBe(newKid);
  });

  it('retirement: what the key signed stops verifying on both instances, at the clock’s time; the signer cannot be retired', async () => {
    const [signing, older] = (await jwks(a.baseUrl)).map((key) => key.kid as string);
    const current = await login(a.baseUrl);
    expect(kidOf(current)).toBe(signing);
    expect(kidOf(signedByTheOldKey)).toBe(older);

    await expect(keys.retire(signing)).rejects.toThrow('Rotate before retiring the signing key');
    await expect(keys.retire('no-such-kid')).rejects.toThrow('No unretired key has this kid');
    a.clock.advance(3_600_000);
    await keys.retire(older);
    const [row] = await a.db.query<{ retired_at: Date }>(
      'SELECT "retired_at" FROM "session_jwt_signing_key" WHERE "kid" = $1',
      [older],
    );
    expect(new Date(row.retired_at).getTime()).toBe(a.clock.now().getTime());
    await expect(keys.retire(older)).rejects.toThrow('No unretired key has this kid');
    for (const base of [a.baseUrl, b.baseUrl]) {
      // The other instance hears of it through the revocation bus.
      const deadline = Date.now() + 10_000;
      while ((await whoami(base, signedByTheOldKey)).status !== 401 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await whoami(base, signedByTheOldKey)).status).toBe(401);
      expect((await jwks(base)).map((key) => key.kid)).toEqual([signing]);
      expect((await whoami(base, current)).status).toBe(200);
    }
  });

  it('the key ring health indicator: up with the signing kid; down, saying nothing of why, when the key no longer opens', async () => {
    const health = a.app.get(SigningKeyHealthIndicator);
    const [signing] = (await jwks(a.baseUrl)).map((key) => key.kid);
    expect(await health.check()).toEqual({
      signing_keys: { status: 'up', signingKid: signing, verifyingKeys: 1 },
    });
    const [sealed] = await a.db.query<{ sealed: string }>(
      'SELECT "private_key_sealed" AS sealed FROM "session_jwt_signing_key" WHERE "kid" = $1',
      [signing],
    );
    await a.db.query(
      'UPDATE "session_jwt_signing_key" SET "private_key_sealed" = $1 WHERE "kid" = $2',
      ['not-sealed-by-this-secret', signing],
    );
    // Every instance reloads its ring on this notice (a rotation elsewhere sends it).
    await a.app.get(RevocationBus).revoke(['jwt-key:rotated']);
    expect(await health.check('keys')).toEqual({
      keys: { status: 'down', message: 'The signing keys cannot be loaded' },
    });
    await a.db.query(
      'UPDATE "session_jwt_signing_key" SET "private_key_sealed" = $1 WHERE "kid" = $2',
      [sealed.sealed, signing],
    );
    await a.app.get(RevocationBus).revoke(['jwt-key:rotated']);
    expect((await health.check()).signing_keys.status).toBe('up');
  });

  // Last: passport keeps strategies by name per process, and this third app's would replace the others'.
  it('refuses to start on keys sealed under another master secret, naming the setting', async () => {
    await expect(
      host('signing_keys', {
        masterSecret: 'another master secret, thirty-two bytes long',
        db: a.db,
      }),
    ).rejects.toThrow(/Session JWT signing keys .* do not open with the configured master secret/);
  });
});
