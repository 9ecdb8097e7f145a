import { UserService } from '@authkit/identity';
import {
  ApiAppService,
  parseExpiresAt,
  TokenRealmService,
  tokenRealmServiceToken,
} from '@authkit/token-realm';
import { Controller, Get } from '@nestjs/common';
import {
  CurrentTokenRealmPrincipal,
  tokenRealmEntities,
  tokenRealmMigrations,
  TokenRealmModule,
  type TokenRealmPrincipal,
  UseTokenRealmAuth,
} from '@authkit/token-realm';
import { expectApiError, HttpResult, request } from '../../../test/support/http';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { factories } from '../../../test/support/factories';

/** The host's own routes behind each realm: who the token is. */
@Controller('snipe')
class SnipeMeController {
  @Get('me')
  @UseTokenRealmAuth('snipe')
  me(@CurrentTokenRealmPrincipal() principal: TokenRealmPrincipal) {
    const user = principal.user!;
    return { user_id: user.id, login: user.username, email: user.email };
  }
}

@Controller('roomink')
class RoominkMeController {
  @Get('me')
  @UseTokenRealmAuth('roomink')
  me(@CurrentTokenRealmPrincipal() principal: TokenRealmPrincipal) {
    const app = principal.app!;
    return { app_id: app.id, name: app.name };
  }
}

const HOUR = 60 * 60 * 1000;
const EXPIRES_AT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

describe('token realm: access and refresh tokens in two realms (snipe: users, roomink: apps)', () => {
  let t: HostApp;
  let users: UserService;
  let given: ReturnType<typeof factories>;
  let apps: ApiAppService;
  let snipeUserId: number;
  let app: { id: number; secret: string };

  beforeAll(async () => {
    // One module mounted twice, as the password-grant and the app-grant realms, with its defaults.
    t = await startHostApp({
      label: 'token_realm',
      now: new Date('2026-01-01T00:00:00Z'),
      entities: tokenRealmEntities,
      migrations: tokenRealmMigrations,
      imports: [
        TokenRealmModule.register({ realm: 'snipe', grants: ['password'] }),
        TokenRealmModule.register({ realm: 'roomink', grants: ['app'] }),
      ],
      controllers: [SnipeMeController, RoominkMeController],
    });
    users = t.app.get(UserService);
    given = factories(t.app);
    apps = t.app.get(ApiAppService);
    snipeUserId = (
      await given.user({ username: 'snipe', email: 'snipe@example.com', password: '12345678' })
    ).id;
    const created = await apps.create('ibis front end');
    app = { id: created.app.id, secret: created.secret };
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, form = false): Promise<HttpResult> =>
    request(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: form ? new URLSearchParams(body as Record<string, string>).toString() : body,
    });
  const get = (path: string, token: string) =>
    request(`${t.baseUrl}${path}`, { headers: { 'X-Access-Token': token } });
  const snipeLogin = () => post('/snipe/access_token', { login: 'snipe', password: '12345678' });
  const roominkLogin = () =>
    post('/roomink/access_token', { app_id: app.id, app_secret: app.secret });

  function expectInvalidToken(result: HttpResult): void {
    expectApiError(result, 401, 'invalid_token');
  }

  describe('the grants', () => {
    it('an adopted app keeps its app_id and secret, and ids made afterwards start above it', async () => {
      const adopted = await apps.create('adopted front end', {
        appId: 7000 + Math.floor(Math.random() * 1000),
        secret: 'partner-existing-secret-0001',
      });
      const login = await post('/roomink/access_token', {
        app_id: adopted.app.id,
        app_secret: 'partner-existing-secret-0001',
      });
      expect(login.status).toBe(200);
      expect((await get('/roomink/me', login.body.access_token)).status).toBe(200);
      expect((await apps.create('made after adoption')).app.id).toBeGreaterThan(adopted.app.id);
    });

    it('snipe: login + password (JSON) answers access_token, refresh_token, user_id and expires_at', async () => {
      const result = await snipeLogin();
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        access_token: expect.stringMatching(/^access_[0-9A-Za-z]{49}$/),
        refresh_token: expect.stringMatching(/^refresh_[0-9A-Za-z]{49}$/),
        user_id: snipeUserId,
        expires_at: expect.stringMatching(EXPIRES_AT),
      });
      expect(parseExpiresAt(result.body.expires_at).getTime()).toBe(t.clock.now().getTime() + HOUR);
      expect((await get('/snipe/me', result.body.access_token)).body).toEqual({
        user_id: snipeUserId,
        login: 'snipe',
        email: 'snipe@example.com',
      });
    });

    it("snipe: email + password, form-encoded (the seed's `http POST ... login=... password=...` as a form)", async () => {
      const result = await post(
        '/snipe/access_token',
        { email: 'SNIPE@example.com', password: '12345678' },
        true,
      );
      expect(result.status).toBe(200);
      expect(result.body.user_id).toBe(snipeUserId);
    });

    it('roomink: app_id + app_secret, JSON and form, answers without user_id', async () => {
      for (const form of [false, true]) {
        const result = await post(
          '/roomink/access_token',
          { app_id: form ? String(app.id) : app.id, app_secret: app.secret },
          form,
        );
        expect(result.status).toBe(200);
        expect(result.body).toEqual({
          access_token: expect.any(String),
          refresh_token: expect.any(String),
          expires_at: expect.stringMatching(EXPIRES_AT),
        });
        expect((await get('/roomink/me', result.body.access_token)).body).toEqual({
          app_id: app.id,
          name: 'ibis front end',
        });
      }
    });

    it('wrong password, unknown login, wrong app secret and unknown app all get one 401', async () => {
      // The last character changed, whatever it was (a secret ending in x would otherwise stay right).
      const wrongSecret = app.secret.slice(0, -1) + (app.secret.endsWith('x') ? 'y' : 'x');
      const answers = [
        await post('/snipe/access_token', { login: 'snipe', password: 'wrong' }),
        await post('/snipe/access_token', { login: 'nobody', password: '12345678' }),
        await post('/snipe/access_token', { email: 'nobody@example.com', password: '12345678' }),
        await post('/roomink/access_token', { app_id: app.id, app_secret: wrongSecret }),
        await post('/roomink/access_token', { app_id: app.id, app_secret: 'not-even-a-token' }),
        await post('/roomink/access_token', { app_id: 999999, app_secret: app.secret }),
      ];
      for (const answer of answers) expectApiError(answer, 401, 'invalid_credentials');
      expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    });

    it.each([
      ['/snipe/access_token', { password: 'x' }, 'login or email is required'],
      ['/snipe/access_token', { login: 'snipe' }, 'password is required'],
      ['/snipe/access_token', { login: ['snipe'], password: 'x' }, 'login must be a string'],
      ['/roomink/access_token', { app_secret: 'x' }, 'app_id is required'],
      [
        '/roomink/access_token',
        { app_id: 'twelve', app_secret: 'x' },
        'app_id must be a positive integer',
      ],
      ['/snipe/refresh_token', {}, 'refresh_token is required'],
      ['/roomink/refresh_token', { refresh_token: 7 }, 'refresh_token must be a string'],
    ])('POST %s %j is a 400: %s', async (path, body, message) => {
      const result = await post(path, body);
      expectApiError(result, 400, 'invalid_request');
      expect(result.body.message).toBe(message);
    });

    it('malformed JSON is a 400 and a JSON array a 400', async () => {
      expectApiError(await post('/snipe/access_token', '{"login":'), 400, 'malformed_json');
      expectApiError(await post('/snipe/access_token', '[]'), 400, 'invalid_request');
    });

    it('a realm refuses the grant it does not offer', async () => {
      expectApiError(
        await post('/roomink/access_token', { login: 'snipe', password: '12345678' }),
        400,
        'invalid_request',
      );
      expectApiError(
        await post('/snipe/access_token', { app_id: app.id, app_secret: app.secret }),
        400,
        'invalid_request',
      );
    });
  });

  describe('X-Access-Token', () => {
    it('is refused when missing, unknown, malformed or tampered, with 401 invalid_token', async () => {
      const { body } = await snipeLogin();
      const token: string = body.access_token;
      const tampered = token.slice(0, 12) + (token[12] === 'a' ? 'b' : 'a') + token.slice(13);
      expectInvalidToken(await request(`${t.baseUrl}/snipe/me`));
      for (const bad of [
        tampered,
        'x',
        body.refresh_token,
        `${token}x`,
        'access_' + 'A'.repeat(49),
      ]) {
        expectInvalidToken(await get('/snipe/me', bad));
      }
    });

    it("one realm's tokens are refused by the other", async () => {
      const snipe = await snipeLogin();
      const roomink = await roominkLogin();
      expectInvalidToken(await get('/roomink/me', snipe.body.access_token));
      expectInvalidToken(await get('/snipe/me', roomink.body.access_token));
      expectInvalidToken(
        await post('/roomink/refresh_token', { refresh_token: snipe.body.refresh_token }),
      );
      // ...and the refused cross-realm attempt did not spend the token in its own realm.
      expect(
        (await post('/snipe/refresh_token', { refresh_token: snipe.body.refresh_token })).status,
      ).toBe(200);
    });

    it('expires by the server clock at expires_at', async () => {
      const { body } = await roominkLogin();
      const expiresAt = parseExpiresAt(body.expires_at).getTime();
      t.clock.set(expiresAt - 1000);
      expect((await get('/roomink/me', body.access_token)).status).toBe(200);
      t.clock.set(expiresAt);
      expectInvalidToken(await get('/roomink/me', body.access_token));
      // The refresh token outlives it: the client refreshes, as the seed says.
      const refreshed = await post('/roomink/refresh_token', { refresh_token: body.refresh_token });
      expect(refreshed.status).toBe(200);
      expect((await get('/roomink/me', refreshed.body.access_token)).status).toBe(200);
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });
  });

  describe('refresh-token rotation', () => {
    it('gives a new pair in the same shape, with a later expiry; the old access token keeps its own expiry', async () => {
      const first = await snipeLogin();
      t.clock.advance(10 * 60 * 1000);
      const second = await post('/snipe/refresh_token', {
        refresh_token: first.body.refresh_token,
      });
      expect(second.status).toBe(200);
      expect(Object.keys(second.body).sort()).toEqual([
        'access_token',
        'expires_at',
        'refresh_token',
        'user_id',
      ]);
      expect(second.body.access_token).not.toBe(first.body.access_token);
      expect(parseExpiresAt(second.body.expires_at).getTime()).toBeGreaterThan(
        parseExpiresAt(first.body.expires_at).getTime(),
      );
      expect((await get('/snipe/me', second.body.access_token)).status).toBe(200);
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });

    it('takes a form-encoded body too', async () => {
      const { body } = await roominkLogin();
      expect(
        (await post('/roomink/refresh_token', { refresh_token: body.refresh_token }, true)).status,
      ).toBe(200);
    });

    it('a refresh token works once; presenting it again revokes every token of the login and is 401', async () => {
      const first = await snipeLogin();
      const second = await post('/snipe/refresh_token', {
        refresh_token: first.body.refresh_token,
      });
      const third = await post('/snipe/refresh_token', {
        refresh_token: second.body.refresh_token,
      });
      expect(third.status).toBe(200);
      const otherLogin = await snipeLogin();

      expectInvalidToken(
        await post('/snipe/refresh_token', { refresh_token: first.body.refresh_token }),
      );
      // The whole family is gone: the newest access and refresh tokens too.
      expectInvalidToken(await get('/snipe/me', third.body.access_token));
      expectInvalidToken(
        await post('/snipe/refresh_token', { refresh_token: third.body.refresh_token }),
      );
      // Another login of the same user is a different family and is untouched.
      expect((await get('/snipe/me', otherLogin.body.access_token)).status).toBe(200);
    });

    it('an expired refresh token is refused', async () => {
      const { body } = await snipeLogin();
      t.clock.advance(31 * 24 * HOUR);
      expectInvalidToken(await post('/snipe/refresh_token', { refresh_token: body.refresh_token }));
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });

    it('20 concurrent refreshes of one token give exactly one new pair (the database decides)', async () => {
      const { body } = await snipeLogin();
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          post('/snipe/refresh_token', { refresh_token: body.refresh_token }),
        ),
      );
      const winners = results.filter((result) => result.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of results.filter((result) => result.status !== 200))
        expectInvalidToken(loser);
      const [{ count }] = await t.db.query<{ count: string }>(
        `SELECT count(*) FROM token_realm_refresh_token WHERE family_id =
           (SELECT family_id FROM token_realm_refresh_token WHERE token_hash = encode(sha256($1::bytea), 'hex'))`,
        [body.refresh_token],
      );
      // The first token and the one pair issued from it: nothing else was minted.
      expect(count).toBe('2');
      // The 19 losers presented a used token: with no reuse leeway that is reuse, and the family is revoked.
      expectInvalidToken(await get('/snipe/me', winners[0].body.access_token));
    });

    it("reuse is decided by the database: a presentation served on a clock behind the winner's still revokes the family", async () => {
      const { body } = await snipeLogin();
      const won = await post('/snipe/refresh_token', { refresh_token: body.refresh_token });
      expect(won.status).toBe(200);
      // The loser's instance reads an earlier time than the winner's did (clocks differ between instances).
      const winnerTime = t.clock.now();
      t.clock.set(new Date(winnerTime.getTime() - 1_000));
      try {
        expectInvalidToken(
          await post('/snipe/refresh_token', { refresh_token: body.refresh_token }),
        );
      } finally {
        t.clock.set(winnerTime);
      }
      expectInvalidToken(await get('/snipe/me', won.body.access_token));
    });
  });

  describe('revocation', () => {
    it('POST /<realm>/revoke_token revokes the login of a token; unknown tokens answer 200 all the same', async () => {
      const { body } = await snipeLogin();
      expect((await post('/snipe/revoke_token', { token: body.refresh_token })).status).toBe(200);
      expectInvalidToken(await get('/snipe/me', body.access_token));
      expect((await post('/snipe/revoke_token', { token: 'refresh_unknown' })).status).toBe(200);
      expectApiError(await post('/snipe/revoke_token', {}), 400, 'invalid_request');
    });

    it('the realm service can revoke a family; a token revoked in one realm is unknown to the other', async () => {
      const snipe = t.app.get<TokenRealmService>(tokenRealmServiceToken('snipe'));
      const roomink = t.app.get<TokenRealmService>(tokenRealmServiceToken('roomink'));
      const { body } = await snipeLogin();
      await roomink.revokeToken(body.access_token);
      expect((await get('/snipe/me', body.access_token)).status).toBe(200);
      await snipe.revokeToken(body.access_token);
      expectInvalidToken(await get('/snipe/me', body.access_token));
    });

    it('disabling the user ends its access and refresh tokens at once, and its login is then a 403', async () => {
      await given.user({ username: 'editor', password: 'pw' });
      const { body } = await post('/snipe/access_token', { login: 'editor', password: 'pw' });
      await users.setEnabled('editor', false);
      expectInvalidToken(await get('/snipe/me', body.access_token));
      expectInvalidToken(await post('/snipe/refresh_token', { refresh_token: body.refresh_token }));
      expectApiError(
        await post('/snipe/access_token', { login: 'editor', password: 'pw' }),
        403,
        'account_disabled',
      );
    });

    it('disabling the app ends its tokens at once, and its login is then a 403', async () => {
      const other = await apps.create('retired front end');
      const { body } = await post('/roomink/access_token', {
        app_id: other.app.id,
        app_secret: other.secret,
      });
      await apps.setEnabled(other.app.id, false);
      expectInvalidToken(await get('/roomink/me', body.access_token));
      expectInvalidToken(
        await post('/roomink/refresh_token', { refresh_token: body.refresh_token }),
      );
      expectApiError(
        await post('/roomink/access_token', { app_id: other.app.id, app_secret: other.secret }),
        403,
        'account_disabled',
      );
    });
  });

  describe('at rest', () => {
    it('stores no secret in plain text: app secret, password, access and refresh tokens', async () => {
      const { body } = await snipeLogin();
      const dump = JSON.stringify([
        ...(await t.db.query('SELECT * FROM token_realm_app')),
        ...(await t.db.query('SELECT * FROM token_realm_access_token')),
        ...(await t.db.query('SELECT * FROM token_realm_refresh_token')),
        ...(await t.db.query('SELECT * FROM authkit_user')),
      ]);
      for (const secret of [app.secret, body.access_token, body.refresh_token, '12345678']) {
        expect(dump).not.toContain(secret);
        expect(dump).not.toContain(secret.slice(-40));
      }
    });

    it('the purge removes expired tokens and emptied families, and only those', async () => {
      const snipe = t.app.get<TokenRealmService>(tokenRealmServiceToken('snipe'));
      const old = await snipeLogin();
      t.clock.advance(31 * 24 * HOUR);
      const fresh = await snipeLogin();
      expect(await snipe.purgeExpired()).toBeGreaterThan(0);
      const [{ count }] = await t.db.query<{ count: string }>(
        `SELECT count(*) FROM token_realm_refresh_token WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
        [old.body.refresh_token],
      );
      expect(count).toBe('0');
      expect((await get('/snipe/me', fresh.body.access_token)).status).toBe(200);
      expect(
        (await post('/snipe/refresh_token', { refresh_token: fresh.body.refresh_token })).status,
      ).toBe(200);
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });
  });
});
