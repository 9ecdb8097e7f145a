import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addAuthkitSecurity, type AuthUser } from '@authkit/core';
import {
  passwordLoginEntities,
  passwordLoginMigrations,
  PasswordLoginModule,
} from '@authkit/password-login';
import { factories } from '../../../test/support/factories';
import { AccountController } from './account.controller';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { expectApiError, request } from '../../../test/support/http';

/**
 * Password bearer in a host of its own, with its shape changed by options: a
 * login path, the headers it requires, which accounts it accepts, and the
 * answer. Nothing of the password-bearer login API's own shape remains.
 */
describe("password bearer: the login shape is the host's (requiredHeaders, acceptsLogin, answer)", () => {
  let host: HostApp;
  const json = { 'Content-Type': 'application/json; charset=utf-8' };
  const login = (headers: Record<string, string>, body: Record<string, unknown>) =>
    request(`${host.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { ...json, ...headers },
      body,
    });

  beforeAll(async () => {
    host = await startHostApp({
      label: 'password_login_host',
      entities: passwordLoginEntities,
      migrations: passwordLoginMigrations,
      imports: [
        PasswordLoginModule.forRootAsync({
          loginPath: 'auth/login',
          apiTags: ['auth'],
          requiredHeaders: ['X-Tenant'],
          useFactory: async () => ({
            accessTokenTtlSeconds: 600,
            acceptsLogin: (user: AuthUser, body: { direction: string }) =>
              user.attributes?.country === 'ru' && body.direction === 'any',
            answer: (user: AuthUser, token: { accessToken: string; expiresAtSeconds: number }) => ({
              token: token.accessToken,
              expires_at: token.expiresAtSeconds,
              name: user.username,
            }),
          }),
        }),
      ],
      controllers: [AccountController],
    });
    const users = factories(host.app);
    await users.user({ username: 'ru-user', password: 'pw-1', country: 'ru', direction: 'pharma' });
    await users.user({ username: 'kz-user', password: 'pw-2', country: 'kz', direction: 'food' });
  });
  afterAll(() => host?.close());

  it('requires the configured header, names it, and no longer the default `country`', async () => {
    const missing = await login(
      { country: 'ru' },
      { username: 'ru-user', password: 'pw-1', direction: 'any' },
    );
    expectApiError(missing, 400, 'missing_header');
    expect(missing.body.message).toContain('X-Tenant');
    for (const blank of ['', '   '])
      expectApiError(
        await login(
          { 'X-Tenant': blank },
          { username: 'ru-user', password: 'pw-1', direction: 'any' },
        ),
        400,
        'missing_header',
      );
    const control = await login(
      { 'X-Tenant': 'a\u0001b' },
      { username: 'ru-user', password: 'pw-1', direction: 'any' },
    ).catch(() => null); // fetch itself may refuse a control character in a header
    if (control) expect(control.status).toBe(400);
  });

  it('answers what `answer` makes, and the token works on a host route until it expires', async () => {
    const answer = await login(
      { 'X-Tenant': 't1' },
      { username: 'ru-user', password: 'pw-1', direction: 'any' },
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['expires_at', 'name', 'token']);
    expect(answer.body.name).toBe('ru-user');
    expect(answer.body.expires_at).toBe(host.clock.nowSeconds() + 600);
    const me = () =>
      request(`${host.baseUrl}/account/me`, {
        headers: { Authorization: `Bearer ${answer.body.token}` },
      });
    expect((await me()).body).toEqual({ username: 'ru-user' });
    host.clock.advance(601_000);
    expect((await me()).status).toBe(401);
  });

  it('an account `acceptsLogin` refuses gets the same 401 as a wrong password, and no token', async () => {
    const refused = await login(
      { 'X-Tenant': 't1' },
      { username: 'kz-user', password: 'pw-2', direction: 'any' },
    );
    const wrongPassword = await login(
      { 'X-Tenant': 't1' },
      { username: 'ru-user', password: 'not-it', direction: 'any' },
    );
    const wrongDirection = await login(
      { 'X-Tenant': 't1' },
      { username: 'ru-user', password: 'pw-1', direction: 'pharma' },
    );
    for (const answer of [refused, wrongPassword, wrongDirection]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(refused.body);
    }
    const rows = await host.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM "password_login_token" t
        JOIN "authkit_user" u ON u."id"::text = t."user_id" WHERE u."username" = 'kz-user'`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('documents the configured header (and not `country`) under its own path and tags', () => {
    const document = SwaggerModule.createDocument(
      host.app,
      addAuthkitSecurity(host.app, new DocumentBuilder()).build(),
    );
    expect(Object.keys(document.components?.securitySchemes ?? {})).toEqual(['password-login']);
    const operation = document.paths['/auth/login']?.post;
    expect(operation?.tags).toEqual(['auth']);
    const headers = (operation?.parameters ?? [])
      .filter((parameter) => 'in' in parameter && parameter.in === 'header')
      .map((parameter) => ('name' in parameter ? parameter.name : ''));
    expect(headers).toEqual(['X-Tenant']);
  });
});
