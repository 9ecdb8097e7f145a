import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  sign as rsaSign,
  verify as rsaVerify,
} from 'node:crypto';
import { RoleService, UserService } from '@authkit/identity';
import { SessionJwtPurgeJob, SigningKeyService } from '@authkit/session-jwt';
import { SignJWT } from 'jose';
import { HttpResult, request } from '../../../test/support/http';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { factories } from '../../../test/support/factories';
import { Controller, Get } from '@nestjs/common';
import {
  CurrentSessionJwtPrincipal,
  formatCompactUtc,
  sessionJwtEntities,
  sessionJwtMigrations,
  SessionJwtModule,
  type SessionJwtPrincipal,
  UseSessionJwtAuth,
} from '@authkit/session-jwt';

/** The host's own route behind a session JWT (Bearer only): who the token's session belongs to. */
@Controller('grpc')
class WhoamiController {
  @Get('whoami')
  @UseSessionJwtAuth({ bearerOnly: true })
  whoami(@CurrentSessionJwtPrincipal() principal: SessionJwtPrincipal): Record<string, unknown> {
    const { user } = principal;
    return {
      user_id: user.uuid,
      user_name: user.username,
      roles_ids: user.roles,
      role_names: principal.roleNames ?? [],
      is_unrestricted: user.attributes?.unrestricted === true,
      session_id: principal.sessionId,
      expires_at: principal.sessionExpiresAt ? formatCompactUtc(principal.sessionExpiresAt) : null,
    };
  }
}

const AUTH = 'axxonsoft.bl.auth.AuthenticationService';
const FOUR_HOURS = 4 * 60 * 60;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decode = (jwt: string) =>
  jwt
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));

describe('session JWT: RS256 session tokens with Basic login, renew and close', () => {
  let t: HostApp;
  let rootUuid: string;
  let ROLE: string;

  beforeAll(async () => {
    t = await startHostApp({
      label: 'session_jwt',
      now: new Date('2026-01-01T00:00:00Z'),
      entities: sessionJwtEntities,
      migrations: sessionJwtMigrations,
      imports: [
        SessionJwtModule.forRoot({
          masterSecret: 'a host master secret, thirty-two bytes or more',
          issuer: 'host.example.com',
        }),
      ],
      controllers: [WhoamiController],
    });
    const given = factories(t.app);
    // Roles are records (the gRPC API's roles_ids are their uuids): the user carries the id, the name stays readable.
    ROLE = (await t.app.get(RoleService).create('operators')).id;
    rootUuid = (
      await given.user({ username: 'root', password: 'root', roles: [ROLE], unrestricted: true })
    ).uuid;
    await given.user({ username: 'operator', password: 'op-pw' });
  });
  afterAll(() => t.close());

  const grpc = (method: string, data: unknown, authorization?: string) =>
    request(`${t.baseUrl}/grpc`, {
      method: 'POST',
      headers: authorization ? { Authorization: authorization } : {},
      body: { method, data },
    });
  const login = () =>
    grpc(`${AUTH}.AuthenticateEx`, { user_name: 'root', password: 'root' }, basic('root', 'root'));
  const whoami = (token: string) =>
    request(`${t.baseUrl}/grpc/whoami`, { headers: { Authorization: `Bearer ${token}` } });

  function expectErrorCode(result: HttpResult, status: number, errorCode: string): void {
    expect(result.status).toBe(status);
    expect(result.body).toEqual({ error_code: errorCode, message: expect.any(String) });
  }

  describe('HTTP authentication of /grpc', () => {
    it('refuses anonymous requests with 401 and WWW-Authenticate: Basic', async () => {
      const result = await grpc(`${AUTH}.AuthenticateEx`, { user_name: 'root', password: 'root' });
      expectErrorCode(result, 401, 'UNAUTHENTICATED');
      expect(result.headers.get('www-authenticate')).toMatch(/^Basic realm="grpc"/);
    });

    it('refuses wrong Basic credentials and an unknown Basic user alike', async () => {
      const wrong = await grpc(
        `${AUTH}.AuthenticateEx`,
        { user_name: 'root', password: 'root' },
        basic('root', 'nope'),
      );
      const unknown = await grpc(
        `${AUTH}.AuthenticateEx`,
        { user_name: 'root', password: 'root' },
        basic('ghost', 'root'),
      );
      expectErrorCode(wrong, 401, 'UNAUTHENTICATED');
      expect(unknown.text).toBe(wrong.text);
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
      for (const header of ['Basic', 'Basic !!!', 'Bearer', 'Bearer not.a.jwt', 'Digest x']) {
        expectErrorCode(await grpc(`${AUTH}.AuthenticateEx`, {}, header), 401, 'UNAUTHENTICATED');
      }
    });

    it('a wrong password in the body is AUTHENTICATE_CODE_WRONG_CREDENTIALS, whoever the Basic user is', async () => {
      const result = await grpc(
        `${AUTH}.AuthenticateEx`,
        { user_name: 'root', password: 'nope' },
        basic('operator', 'op-pw'),
      );
      expectErrorCode(result, 401, 'AUTHENTICATE_CODE_WRONG_CREDENTIALS');
      const unknown = await grpc(
        `${AUTH}.AuthenticateEx`,
        { user_name: 'ghost', password: 'nope' },
        basic('operator', 'op-pw'),
      );
      expect(unknown.text).toBe(result.text);
      // A refusal decided inside the method carries the scheme's challenge, as the guard's does.
      expect(result.headers.get('www-authenticate')).toMatch(/^Basic /);
    });

    it.each([
      ['a body that is not an object', '[1]', 'INVALID_ARGUMENT'],
      ['no method', '{"data": {}}', 'INVALID_ARGUMENT'],
      [
        'data that is not an object',
        `{"method": "${AUTH}.AuthenticateEx", "data": "x"}`,
        'INVALID_ARGUMENT',
      ],
      [
        'a user_name that is not a string',
        `{"method": "${AUTH}.AuthenticateEx", "data": {"user_name": 1, "password": "root"}}`,
        'INVALID_ARGUMENT',
      ],
    ])('%s is a 400 INVALID_ARGUMENT', async (_case, body, code) => {
      const result = await request(`${t.baseUrl}/grpc`, {
        method: 'POST',
        headers: { Authorization: basic('root', 'root'), 'Content-Type': 'application/json' },
        body,
      });
      expectErrorCode(result, 400, code);
    });

    it('an unknown method is a 404 UNIMPLEMENTED', async () => {
      expectErrorCode(
        await grpc('axxonsoft.bl.nope.Service.Method', {}, basic('root', 'root')),
        404,
        'UNIMPLEMENTED',
      );
    });
  });

  describe('AuthenticateEx', () => {
    it("answers the seed's shape, with a JWT whose header and claims are the seed's plus kid", async () => {
      const result = await login();
      expect(result.status).toBe(200);
      const expiresAt = new Date((Math.floor(t.clock.now().getTime() / 1000) + FOUR_HOURS) * 1000);
      expect(result.body).toEqual({
        token_name: 'auth_token',
        token_value: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expires_at: expiresAt.toISOString().slice(0, 19).replace(/[-:]/g, ''),
        is_unrestricted: true,
        user_id: rootUuid,
        roles_ids: [ROLE],
        error_code: 'AUTHENTICATE_CODE_OK',
      });
      const [header, claims] = decode(result.body.token_value);
      expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
      expect(claims).toEqual({
        aud: '*.*',
        exp: expiresAt.getTime() / 1000,
        iat: Math.floor(t.clock.now().getTime() / 1000),
        iss: 'host.example.com',
        lgn: 'root',
        rls: [ROLE],
        sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sub: rootUuid,
      });
    });

    it('the JWT verifies independently against the JWKS (Node crypto, no jose)', async () => {
      const { body } = await login();
      const jwks = await request(`${t.baseUrl}/.well-known/jwks.json`);
      expect(jwks.status).toBe(200);
      const [header] = decode(body.token_value);
      const jwk = jwks.body.keys.find((key: { kid: string }) => key.kid === header.kid);
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
      expect(jwk.d).toBeUndefined();
      const [h, p, s] = body.token_value.split('.');
      const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
      expect(
        rsaVerify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url')),
      ).toBe(true);
    });

    it('the Bearer token opens /grpc and /grpc/whoami', async () => {
      const { body } = await login();
      const me = await whoami(body.token_value);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        user_id: rootUuid,
        user_name: 'root',
        roles_ids: [ROLE],
        role_names: ['operators'],
        is_unrestricted: true,
      });
      const viaBearer = await grpc(
        `${AUTH}.AuthenticateEx`,
        { user_name: 'operator', password: 'op-pw' },
        `Bearer ${body.token_value}`,
      );
      expect(viaBearer.status).toBe(200);
    });

    it('/grpc/whoami takes Bearer only: Basic or nothing is a 401 with WWW-Authenticate: Bearer', async () => {
      const result = await request(`${t.baseUrl}/grpc/whoami`, {
        headers: { Authorization: basic('root', 'root') },
      });
      expectErrorCode(result, 401, 'UNAUTHENTICATED');
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });
  });

  describe('forged and foreign tokens', () => {
    async function claimsOfALiveToken(): Promise<{
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
      token: string;
    }> {
      const { body } = await login();
      const [header, claims] = decode(body.token_value);
      return { header, claims, token: body.token_value };
    }

    it('refuses alg "none"', async () => {
      const { header, claims } = await claimsOfALiveToken();
      for (const alg of ['none', 'None', 'NONE']) {
        const forged = `${b64url({ ...header, alg })}.${b64url(claims)}.`;
        expectErrorCode(await whoami(forged), 401, 'UNAUTHENTICATED');
      }
    });

    it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
      const { header, claims } = await claimsOfALiveToken();
      const jwks = await request(`${t.baseUrl}/.well-known/jwks.json`);
      const jwk = jwks.body.keys.find((key: { kid: string }) => key.kid === header.kid);
      const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({
        type: 'spki',
        format: 'pem',
      });
      const input = `${b64url({ ...header, alg: 'HS256' })}.${b64url(claims)}`;
      const forged = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
      expectErrorCode(await whoami(forged), 401, 'UNAUTHENTICATED');
    });

    it('refuses a token signed with another RSA key, even under the right kid', async () => {
      const { header, claims } = await claimsOfALiveToken();
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const input = `${b64url(header)}.${b64url(claims)}`;
      const forged = `${input}.${rsaSign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
      expectErrorCode(await whoami(forged), 401, 'UNAUTHENTICATED');
    });

    it('refuses a tampered payload, and wrong aud, iss or sub even when signed with the real key', async () => {
      const { header, claims, token } = await claimsOfALiveToken();
      const [h, , s] = token.split('.');
      expectErrorCode(
        await whoami(`${h}.${b64url({ ...claims, lgn: 'admin' })}.${s}`),
        401,
        'UNAUTHENTICATED',
      );
      const { kid, privateKey } = await t.app.get(SigningKeyService).signer();
      expect(kid).toBe(header.kid);
      for (const change of [
        { aud: 'other' },
        { iss: 'someone-else' },
        { sub: '00000000-0000-4000-8000-000000000000' },
        { sid: 'not-a-uuid' },
      ]) {
        const forged = await new SignJWT({ ...claims, ...change })
          .setProtectedHeader({ alg: 'RS256', kid })
          .sign(privateKey);
        expectErrorCode(await whoami(forged), 401, 'UNAUTHENTICATED');
      }
      // The same claims, signed the same way, pass: the refusals above are the changes'.
      expect(
        (
          await whoami(
            await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey),
          )
        ).status,
      ).toBe(200);
    });
  });

  describe('RenewSession and CloseSession', () => {
    it('renew keeps the session, answers a later expiry and a new token; the old token still ends at its own exp', async () => {
      const first = await login();
      t.clock.advance(60 * 60 * 1000);
      const renewed = await grpc(`${AUTH}.RenewSession`, {}, `Bearer ${first.body.token_value}`);
      expect(renewed.status).toBe(200);
      expect(Object.keys(renewed.body).sort()).toEqual(Object.keys(first.body).sort());
      expect(renewed.body.expires_at > first.body.expires_at).toBe(true);
      const [, oldClaims] = decode(first.body.token_value);
      const [, newClaims] = decode(renewed.body.token_value);
      expect(newClaims.sid).toBe(oldClaims.sid);
      expect(newClaims.exp).toBeGreaterThan(oldClaims.exp);

      t.clock.set(oldClaims.exp * 1000);
      expectErrorCode(await whoami(first.body.token_value), 401, 'UNAUTHENTICATED');
      expect((await whoami(renewed.body.token_value)).status).toBe(200);
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });

    it('renew needs a live session: Basic alone is SESSION_REQUIRED', async () => {
      const refused = await grpc(`${AUTH}.RenewSession`, {}, basic('root', 'root'));
      expectErrorCode(refused, 401, 'SESSION_REQUIRED');
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
    });

    it('close answers {"error_code": "OK"} and refuses every token of the session, renewed ones included', async () => {
      const first = await login();
      const renewed = await grpc(`${AUTH}.RenewSession`, {}, `Bearer ${first.body.token_value}`);
      const other = await login();
      const closed = await grpc(`${AUTH}.CloseSession`, {}, `Bearer ${first.body.token_value}`);
      expect(closed.status).toBe(200);
      expect(closed.body).toEqual({ error_code: 'OK' });
      for (const token of [first.body.token_value, renewed.body.token_value]) {
        expectErrorCode(await whoami(token), 401, 'UNAUTHENTICATED');
        expectErrorCode(
          await grpc(`${AUTH}.RenewSession`, {}, `Bearer ${token}`),
          401,
          'UNAUTHENTICATED',
        );
      }
      // Another session of the same user is untouched.
      expect((await whoami(other.body.token_value)).status).toBe(200);
    });

    it('refuses a token whose session expired on the server although the JWT exp is later', async () => {
      const { body } = await login();
      const [, claims] = decode(body.token_value);
      await t.db.query(`UPDATE session_jwt_session SET expires_at = $2 WHERE id = $1`, [
        claims.sid,
        new Date(t.clock.now().getTime() - 1000),
      ]);
      expect(claims.exp * 1000).toBeGreaterThan(t.clock.now().getTime());
      expectErrorCode(await whoami(body.token_value), 401, 'UNAUTHENTICATED');
    });

    it("refuses the tokens of a user disabled since, and refuses the disabled user's login with 403", async () => {
      const users = t.app.get(UserService);
      const given = factories(t.app);
      await given.user({ username: 'leaver', password: 'pw' });
      const { body } = await grpc(
        `${AUTH}.AuthenticateEx`,
        { user_name: 'leaver', password: 'pw' },
        basic('leaver', 'pw'),
      );
      await users.setEnabled('leaver', false);
      expectErrorCode(await whoami(body.token_value), 401, 'UNAUTHENTICATED');
      expectErrorCode(
        await grpc(
          `${AUTH}.AuthenticateEx`,
          { user_name: 'leaver', password: 'pw' },
          basic('root', 'root'),
        ),
        403,
        'AUTHENTICATE_CODE_USER_DISABLED',
      );
    });
  });

  describe('key rotation', () => {
    it('a new key signs, the old one still verifies until retired, and the JWKS follows', async () => {
      const keys = t.app.get(SigningKeyService);
      const before = await login();
      const [oldHeader] = decode(before.body.token_value);
      const newKid = await keys.rotate();
      const after = await login();
      const [newHeader] = decode(after.body.token_value);
      expect(newHeader.kid).toBe(newKid);
      expect(newKid).not.toBe(oldHeader.kid);
      const kids = (await request(`${t.baseUrl}/.well-known/jwks.json`)).body.keys.map(
        (key: { kid: string }) => key.kid,
      );
      expect(kids).toEqual(expect.arrayContaining([oldHeader.kid, newKid]));
      expect((await whoami(before.body.token_value)).status).toBe(200);

      await keys.retire(oldHeader.kid);
      expectErrorCode(await whoami(before.body.token_value), 401, 'UNAUTHENTICATED');
      expect((await whoami(after.body.token_value)).status).toBe(200);
      const remaining = (await request(`${t.baseUrl}/.well-known/jwks.json`)).body.keys.map(
        (key: { kid: string }) => key.kid,
      );
      expect(remaining).not.toContain(oldHeader.kid);
      await expect(keys.retire(newKid)).rejects.toThrow('Rotate before retiring');
    });
  });

  describe('at rest', () => {
    it('keeps private keys sealed and passwords hashed; tokens are not stored', async () => {
      const { body } = await login();
      const keys = await t.db.query<{
        private_key_sealed: string;
        public_jwk: Record<string, string>;
      }>('SELECT * FROM session_jwt_signing_key');
      for (const key of keys) {
        expect(key.private_key_sealed).toMatch(/^v1\./);
        expect(key.private_key_sealed).not.toContain('PRIVATE KEY');
        expect(key.public_jwk.d).toBeUndefined();
      }
      const dump = JSON.stringify([
        ...(await t.db.query('SELECT * FROM session_jwt_session')),
        ...(await t.db.query('SELECT * FROM authkit_user')),
      ]);
      expect(dump).not.toContain(body.token_value.split('.')[2]);
      expect(dump).not.toContain('"root:');
    });

    it('the purge removes expired and closed sessions only', async () => {
      const live = await login();
      const closed = await login();
      await grpc(`${AUTH}.CloseSession`, {}, `Bearer ${closed.body.token_value}`);
      expect(await t.app.get(SessionJwtPurgeJob).runOnce()).toBeGreaterThan(0);
      const [, liveClaims] = decode(live.body.token_value);
      const [, closedClaims] = decode(closed.body.token_value);
      const rows = await t.db.query<{ id: string }>(
        'SELECT id FROM session_jwt_session WHERE id = ANY($1)',
        [[liveClaims.sid, closedClaims.sid]],
      );
      expect(rows.map((row) => row.id)).toEqual([liveClaims.sid]);
      expect((await whoami(live.body.token_value)).status).toBe(200);
    });
  });
});
