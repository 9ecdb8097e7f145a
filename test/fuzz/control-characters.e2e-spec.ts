import { AuthAudit } from '@authkit/core';
import { toErrorResponse } from '@authkit/core/internal';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { expectApiError, request } from '../support/http';
import { rawRequest } from '../support/raw-http';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * NUL, other control characters and lone surrogates in identifiers and
 * decoded headers: a 400 in each scheme's own shape, never a 500 (PostgreSQL
 * refuses NUL in text), and the audit log loses no entry because of them.
 */
const CONTROL = ['a\u0000b', 'nul\u0000', 'bell\u0007', 'del\u007f', 'c1\u0085'];
// Only JSON can carry a lone surrogate (as an escape): in UTF-8 bytes (forms, Basic) it arrives as U+FFFD, which is clean text.
const HOSTILE = [...CONTROL, 'lone\ud800', 'low\udfff'];
const JSON_UTF8 = 'application/json; charset=utf-8';
const AUTHENTICATE_EX = 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('control characters and invalid Unicode in identifiers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'control_chars' });
    await factories(t.app).user({
      username: 'clean',
      password: 'clean-password',
      direction: 'pharma',
      country: 'ru',
    });
  });
  afterAll(() => t.close());

  it.each(HOSTILE)('scheme 2 login: username %j is a 400', async (username) => {
    const answer = await request(`${t.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru' },
      body: { username, password: 'x', direction: 'pharma' },
    });
    expectApiError(answer, 400, 'invalid_request');
    expect(answer.body.message).toContain('username');
  });

  it('scheme 2 login: a direction with NUL is a 400, and so is a country header with a control character', async () => {
    const direction = await request(`${t.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru' },
      body: { username: 'clean', password: 'clean-password', direction: 'pha\u0000rma' },
    });
    expectApiError(direction, 400, 'invalid_request');
    const country = await rawRequest(t.baseUrl, {
      method: 'POST',
      path: '/api/user/login',
      headers: [
        ['content-type', JSON_UTF8],
        ['country', 'r\x85u'],
      ],
      body: Buffer.from(
        JSON.stringify({ username: 'clean', password: 'clean-password', direction: 'pharma' }),
      ),
    });
    expect(country.status).toBe(400);
    expect(JSON.parse(country.body).code).toBe('invalid_request');
  });

  it.each(HOSTILE)('scheme 4 token endpoint: login %j in JSON is a 400', async (login) => {
    expectApiError(
      await request(`${t.baseUrl}/snipe/access_token`, { body: { login, password: 'x' } }),
      400,
      'invalid_request',
    );
  });

  it.each(CONTROL)('scheme 4 token endpoint: login %j in a form is a 400', async (login) => {
    const form = `login=${encodeBytes(login)}&password=x`;
    const answer = await request(`${t.baseUrl}/snipe/access_token`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expectApiError(answer, 400, 'invalid_request');
  });

  it.each(HOSTILE)(
    'scheme 5: AuthenticateEx with user_name %j is INVALID_ARGUMENT',
    async (userName) => {
      const answer = await request(`${t.baseUrl}/grpc`, {
        headers: { Authorization: basic('clean', 'clean-password') },
        body: { method: AUTHENTICATE_EX, data: { user_name: userName, password: 'x' } },
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error_code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('user_name'),
      });
    },
  );

  it.each(CONTROL)(
    'scheme 5: a Basic user name %j is INVALID_ARGUMENT, not one more wrong password',
    async (userName) => {
      const answer = await request(`${t.baseUrl}/grpc`, {
        headers: { Authorization: basic(userName, 'x') },
        body: { method: AUTHENTICATE_EX, data: {} },
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error_code: 'INVALID_ARGUMENT', message: expect.any(String) });
    },
  );

  it.each(HOSTILE)(
    'scheme 3: Core.login with username %j is invalid params, and so is an API code',
    async (name) => {
      const login = await jsonRpc(t.baseUrl, call('Core.login', { username: name, password: 'x' }));
      expect(login.status).toBe(200);
      expect(login.body.error.code).toBe(-32602);
      const tokenLogin = await jsonRpc(
        t.baseUrl,
        call('Core.token_login', { token_: 'AAAA', code_: name }),
      );
      expect(tokenLogin.body.error.code).toBe(-32602);
    },
  );

  it('scheme 1: an X-Site header carrying a control character is a 400', async () => {
    const answer = await rawRequest(t.baseUrl, {
      method: 'GET',
      path: '/api/method/jcloude.saas.api.hello',
      headers: [
        ['x-site', 'site\x85.example.com'],
        ['x-site-token', `site_${'a'.repeat(50)}`],
      ],
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).code).toBe('invalid_request');
  });

  it('the admin services validate their input as the HTTP bodies are: a NUL in a user name is refused before the database', async () => {
    const given = factories(t.app);
    const error = await given
      .user({ username: 'x\u0000y', password: 'pw-long-enough' })
      .catch((failure: unknown) => failure);
    expect(toErrorResponse(error).body).toMatchObject({
      statusCode: 400,
      code: 'invalid_request',
      message: 'username must not contain control characters or invalid Unicode',
    });
    expect(await t.db.query(`SELECT 1 FROM authkit_user WHERE username LIKE 'x%y'`)).toEqual([]);
  });

  it('text the database refuses is a 400 wherever it slips through (here a NUL inside a JSON profile, SQLSTATE 22P05), not a 500', async () => {
    // Free-form profile values are not validated field by field: the error mapping is the net.
    const given = factories(t.app);
    await expect(
      given.user({
        username: 'nul-profile',
        password: 'pw-long-enough',
        profile: { note: 'x\u0000y' },
      }),
    ).rejects.toMatchObject({ driverError: { code: '22P05' } });
    const error = await given
      .user({ username: 'nul-profile', password: 'pw-long-enough', profile: { note: 'x\u0000y' } })
      .catch((failure: unknown) => failure);
    expect(toErrorResponse(error).body).toMatchObject({ statusCode: 400, code: 'invalid_request' });
  });

  describe('the audit log', () => {
    it('records an attempt naming a NUL account, and loses none of the entries buffered with it', async () => {
      const audit = t.app.get(AuthAudit);
      await audit.flush();
      const answer = await request(`${t.baseUrl}/api/user/login`, {
        headers: { 'Content-Type': JSON_UTF8, country: 'ru' },
        body: { username: 'nul\u0000name', password: 'x', direction: 'pharma' },
      });
      expect(answer.status).toBe(400);
      audit.record({ scheme: 'test:neighbour', outcome: 'success', principal: 'user:neighbour' });
      await audit.flush();
      const rows = await t.db.query<{ scheme: string; principal: string }>(
        "SELECT scheme, principal FROM auth_audit_log WHERE principal IN ('user:nul\uFFFDname', 'user:neighbour') ORDER BY id",
      );
      expect(rows).toEqual([
        { scheme: 'login:/api/user/login', principal: 'user:nul\uFFFDname' },
        { scheme: 'test:neighbour', principal: 'user:neighbour' },
      ]);
    });

    it('falls back to one row at a time when a batch fails, so one bad row loses nothing else', async () => {
      const audit = t.app.get(AuthAudit);
      await audit.flush();
      audit.record({ scheme: 'test:before', outcome: 'success' });
      t.clock.set(Number.NaN); // a timestamp PostgreSQL refuses: this row fails the batch
      audit.record({ scheme: 'test:broken', outcome: 'success' });
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
      audit.record({ scheme: 'test:after', outcome: 'success' });
      await audit.flush();
      const rows = await t.db.query<{ scheme: string }>(
        "SELECT scheme FROM auth_audit_log WHERE scheme LIKE 'test:%' AND scheme <> 'test:neighbour' ORDER BY id",
      );
      expect(rows.map((row) => row.scheme)).toEqual(['test:before', 'test:after']);
    });
  });
});

/** Percent-encodes the UTF-8 bytes of a string (a lone surrogate becomes U+FFFD, as any client's encoder would send). */
function encodeBytes(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
    .join('');
}
