import { UserService } from '@authkit/identity';
import { PasswordLoginPurgeJob } from '@authkit/password-login';
import { expectApiError, HttpResult, request } from '../../../test/support/http';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { factories } from '../../../test/support/factories';
import { Controller, Get } from '@nestjs/common';
import {
  CurrentPasswordLoginPrincipal,
  passwordLoginEntities,
  passwordLoginMigrations,
  PasswordLoginModule,
  type PasswordLoginPrincipal,
  UsePasswordLoginAuth,
  userProfile,
} from '@authkit/password-login';

/** The host's own route behind password bearer: the profile of the token's user. */
@Controller('api/user')
class ProfileController {
  @Get('me')
  @UsePasswordLoginAuth()
  me(@CurrentPasswordLoginPrincipal() principal: PasswordLoginPrincipal) {
    return userProfile(principal.user);
  }
}

const JSON_UTF8 = 'application/json; charset=utf-8';
const PROFILE = {
  is_replacement: false,
  currency: 'тг',
  price_decimals: '02',
  price_radix: ' ',
  price_decimals_separator: '.',
  price_before_currency: true,
  price_pattern: '### ### тг.## тг',
  cashback_enabled: true,
  company_id: 84,
  time_zone_offset: 21600,
  url_api: 'https://food.smartsatu.xyzcom/api',
};
const TWELVE_HOURS = 12 * 60 * 60;

describe('password bearer: password login with an expiring access token', () => {
  let t: HostApp;
  let users: UserService;
  let given: ReturnType<typeof factories>;
  let supplierId: number;

  beforeAll(async () => {
    t = await startHostApp({
      label: 'password_login',
      now: new Date('2026-01-01T00:00:00Z'),
      entities: passwordLoginEntities,
      migrations: passwordLoginMigrations,
      imports: [PasswordLoginModule.forRoot({})],
      controllers: [ProfileController],
    });
    users = t.app.get(UserService);
    given = factories(t.app);
    const supplier = await given.user({
      username: 'supplier',
      password: 'qwerty',
      direction: 'Food',
      country: 'kz',
      profile: PROFILE,
    });
    supplierId = supplier.id;
    await given.user({
      username: 'other',
      password: 'other-pw',
      direction: 'pharma',
      country: 'ru',
    });
  });
  afterAll(() => t.close());

  function login(
    body: unknown,
    headers: Record<string, string> = { 'Content-Type': JSON_UTF8, country: 'ru' },
  ): Promise<HttpResult> {
    // Sent as bytes, so fetch adds no Content-Type of its own.
    const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return request(`${t.baseUrl}/api/user/login`, { method: 'POST', headers, body: bytes });
  }

  const seedLogin = () => login({ username: 'supplier', password: 'qwerty', direction: 'food' });
  const me = (token: string) =>
    request(`${t.baseUrl}/api/user/me`, { headers: { Authorization: `Bearer ${token}` } });

  describe('a successful login', () => {
    it("answers the seed's request with the stored profile, a token and an integer unix expiry", async () => {
      const result = await seedLogin();
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toMatch(/^application\/json/);
      const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
      expect(result.body).toEqual({
        id: supplierId,
        ...PROFILE,
        country: 'kz',
        direction: 'Food',
        access_token: expect.stringMatching(/^login_[0-9A-Za-z]{49}$/),
        access_token_expiration_time: nowSeconds + TWELVE_HOURS,
      });
      expect(Number.isInteger(result.body.access_token_expiration_time)).toBe(true);
      expect(result.text).not.toMatch(/argon2|password|username|"email"|roles/);
    });

    it("answers at the login API's other spelling, POST /api/users/login, the same way", async () => {
      const result = await request(`${t.baseUrl}/api/users/login`, {
        headers: { 'Content-Type': JSON_UTF8, country: 'ru' },
        body: { username: 'supplier', password: 'qwerty', direction: 'food' },
      });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({
        id: supplierId,
        access_token: expect.stringMatching(/^login_/),
      });
    });

    it('accepts the token on GET /api/user/me, which answers the profile', async () => {
      const { body } = await seedLogin();
      const profile = await me(body.access_token);
      expect(profile.status).toBe(200);
      expect(profile.body).toEqual({
        id: supplierId,
        ...PROFILE,
        country: 'kz',
        direction: 'Food',
      });
    });

    it('takes "Content-Type: application/json" without a charset too (JSON is UTF-8)', async () => {
      const result = await login(
        { username: 'supplier', password: 'qwerty', direction: 'Food' },
        { 'Content-Type': 'application/json', country: 'kz' },
      );
      expect(result.status).toBe(200);
    });
  });

  describe('the header rules', () => {
    it.each([
      ['no Content-Type', { country: 'ru' }, 'Content-Type'],
      ['an empty Content-Type', { 'Content-Type': '', country: 'ru' }, 'Content-Type'],
      ['no country', { 'Content-Type': JSON_UTF8 }, 'country'],
      ['an empty country', { 'Content-Type': JSON_UTF8, country: '' }, 'country'],
      ['a blank country', { 'Content-Type': JSON_UTF8, country: '   ' }, 'country'],
    ])('%s is a 400 that names the header', async (_case, headers, name) => {
      const result = await login(
        { username: 'supplier', password: 'qwerty', direction: 'food' },
        headers as Record<string, string>,
      );
      expectApiError(result, 400, 'missing_header');
      expect(result.body.message).toBe(`Missing required header: ${name}`);
    });

    it('a Content-Type that is not JSON is a 415', async () => {
      const result = await login('username=supplier&password=qwerty&direction=food', {
        'Content-Type': 'application/x-www-form-urlencoded',
        country: 'ru',
      });
      expectApiError(result, 415, 'unsupported_media_type');
    });
  });

  describe('failed logins', () => {
    async function expectFailedLogin(body: unknown): Promise<HttpResult> {
      const result = await login(body);
      expectApiError(result, 401, 'invalid_credentials');
      expect(result.body.message).toBe('Invalid username, password or direction');
      return result;
    }

    it('a wrong password, a wrong direction and an unknown user get the very same answer', async () => {
      const answers = [
        await expectFailedLogin({ username: 'supplier', password: 'wrong', direction: 'food' }),
        await expectFailedLogin({ username: 'supplier', password: 'qwerty', direction: 'pharma' }),
        await expectFailedLogin({ username: 'nobody', password: 'qwerty', direction: 'food' }),
        // Another user's password with that user's direction does not open this account.
        await expectFailedLogin({
          username: 'supplier',
          password: 'other-pw',
          direction: 'pharma',
        }),
      ];
      expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    });

    it('takes about the same time for an unknown user as for a wrong password (a dummy hash is verified)', async () => {
      const time = async (body: unknown) => {
        const started = process.hrtime.bigint();
        await login(body);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (values: number[]) =>
        values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(await time({ username: 'supplier', password: `wrong-${i}`, direction: 'food' }));
        unknown.push(
          await time({ username: `ghost-${i}`, password: `wrong-${i}`, direction: 'food' }),
        );
      }
      // Not a benchmark: a missing dummy hash would make unknown users several times faster.
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    });

    it.each([
      ['malformed JSON', '{"username": "supplier",', 'malformed_json'],
      ['a JSON array', '[]', 'invalid_request'],
      [
        'a number as username',
        { username: 132, password: 'qwerty', direction: 'food' },
        'invalid_request',
      ],
      [
        'an object as password',
        { username: 'supplier', password: { $ne: '' }, direction: 'food' },
        'invalid_request',
      ],
      ['a missing direction', { username: 'supplier', password: 'qwerty' }, 'invalid_request'],
      [
        'an empty username',
        { username: '', password: 'qwerty', direction: 'food' },
        'invalid_request',
      ],
      [
        'a null password',
        { username: 'supplier', password: null, direction: 'food' },
        'invalid_request',
      ],
      [
        'an oversized password',
        { username: 'supplier', password: 'x'.repeat(2000), direction: 'food' },
        'invalid_request',
      ],
    ])('%s is a 400 that says what is wrong', async (_case, body, code) => {
      const result = await login(body);
      expectApiError(result, 400, code);
    });

    it('names the wrong field in a 400', async () => {
      const result = await login({ username: 'supplier', password: 'qwerty', direction: 7 });
      expect(result.body.message).toMatch(/direction must be a string/);
    });

    it('a disabled user with the right password is a 403', async () => {
      await given.user({ username: 'retired', password: 'pw', direction: 'food', country: 'kz' });
      await users.setEnabled('retired', false);
      const result = await login({ username: 'retired', password: 'pw', direction: 'food' });
      expectApiError(result, 403, 'account_disabled');
      const wrong = await login({ username: 'retired', password: 'nope', direction: 'food' });
      expectApiError(wrong, 401, 'invalid_credentials');
    });
  });

  describe('the access token', () => {
    function expectInvalidToken(result: HttpResult): void {
      expectApiError(result, 401, 'invalid_token');
      expect(result.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="invalid_token"',
      );
    }

    it('is refused when missing, unknown, malformed or from another scheme', async () => {
      const { body } = await seedLogin();
      const token: string = body.access_token;
      const tampered = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
      for (const header of [
        undefined,
        'Bearer',
        `Basic ${token}`,
        `Bearer ${tampered}`,
        `Bearer ${token}x`,
        'Bearer site_abc',
        `Bearer ${'x'.repeat(10_000)}`,
      ]) {
        const result = await request(`${t.baseUrl}/api/user/me`, {
          headers: header ? { Authorization: header } : {},
        });
        expectInvalidToken(result);
      }
    });

    it('is accepted until its expiry and refused from that second on (server clock)', async () => {
      const { body } = await seedLogin();
      const expiresAt = body.access_token_expiration_time * 1000;
      t.clock.set(new Date(expiresAt - 1000));
      expect((await me(body.access_token)).status).toBe(200);
      t.clock.set(new Date(expiresAt));
      expectInvalidToken(await me(body.access_token));
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });

    it('stops working at once when the user is disabled', async () => {
      await given.user({ username: 'leaver', password: 'pw', direction: 'food', country: 'kz' });
      const { body } = await login({ username: 'leaver', password: 'pw', direction: 'food' });
      expect((await me(body.access_token)).status).toBe(200);
      await users.setEnabled('leaver', false);
      expectInvalidToken(await me(body.access_token));
      const [{ count }] = await t.db.query<{ count: string }>(
        'SELECT count(*) FROM password_login_token t JOIN authkit_user u ON u.id::text = t.user_id WHERE u.username = $1',
        ['leaver'],
      );
      expect(count).toBe('0');
    });

    it("stays refused when disabled behind the app's back (the check joins the user)", async () => {
      await given.user({ username: 'sneaky', password: 'pw', direction: 'food', country: 'kz' });
      const { body } = await login({ username: 'sneaky', password: 'pw', direction: 'food' });
      await t.db.query('UPDATE authkit_user SET enabled = false WHERE username = $1', ['sneaky']);
      expectInvalidToken(await me(body.access_token));
    });
  });

  describe('at rest', () => {
    it('stores neither the password nor the token in plain text', async () => {
      const { body } = await seedLogin();
      const token: string = body.access_token;
      const dump = JSON.stringify([
        ...(await t.db.query('SELECT * FROM authkit_user')),
        ...(await t.db.query('SELECT * FROM password_login_token')),
      ]);
      expect(dump).not.toContain('qwerty');
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(token.slice(6));
      expect(dump).toMatch(/\$argon2id\$/);
    });

    it('purges expired tokens, and only those', async () => {
      await seedLogin();
      t.clock.advance((TWELVE_HOURS + 1) * 1000);
      const { body: fresh } = await seedLogin();
      const purged = await t.app.get(PasswordLoginPurgeJob).runOnce();
      expect(purged).toBeGreaterThan(0);
      const [{ expired }] = await t.db.query<{ expired: string }>(
        'SELECT count(*) AS expired FROM password_login_token WHERE expires_at <= $1',
        [t.clock.now()],
      );
      expect(expired).toBe('0');
      expect((await me(fresh.access_token)).status).toBe(200);
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });
  });
});
