import { AuthAudit } from '@authkit/core';
import { UserService } from '@authkit/identity';
import { ApiCodeService, makeLoginToken, PartnerLoginPurgeJob } from '@authkit/partner-login';
import { request } from '../../../test/support/http';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { call, jsonRpc } from '../../../test/support/jsonrpc-client';
import { factories } from '../../../test/support/factories';
import { Controller, Get, Injectable } from '@nestjs/common';
import { auditEntities, auditMigrations, AuthAuditModule } from '@authkit/core';
import { currentPrincipal } from '@authkit/core/internal';
import {
  CurrentPartnerSessionPrincipal,
  type JsonRpcCall,
  JsonRpcMethod,
  partnerLoginEntities,
  partnerLoginMigrations,
  PartnerLoginModule,
  type PartnerSessionPrincipal,
  UsePartnerSessionAuth,
} from '@authkit/partner-login';

/** A JSON-RPC method of the host's own: the library authenticates, fills the context and audits. */
@Injectable()
class HostJsonRpcMethods {
  @JsonRpcMethod('Host.greet')
  greet(params: Record<string, unknown>, call: JsonRpcCall) {
    const name = typeof params.name === 'string' ? params.name.slice(0, 100) : 'there';
    return {
      greeting: `Hello ${name}, from ${call.principal!.user.username}`,
      same_principal:
        (currentPrincipal() as PartnerSessionPrincipal | undefined)?.user.id ===
        call.principal!.user.id,
    };
  }
}

/** The session token on a plain HTTP route of the host's (not JSON-RPC). */
@Controller('jsonrpc')
class SessionMeController {
  @Get('me')
  @UsePartnerSessionAuth()
  me(@CurrentPartnerSessionPrincipal() session: PartnerSessionPrincipal) {
    return { id: session.user.id, username: session.user.username, api_code: session.apiCode };
  }
}

const AUTH_FAILED = -32001;
const SESSION_REQUIRED = -32002;

describe('partner login: encrypted login tokens and JSON-RPC 2.0 sessions', () => {
  let t: HostApp;
  let users: UserService;
  let given: ReturnType<typeof factories>;
  let acme: { code: string; secret: string };
  let other: { code: string; secret: string };

  beforeAll(async () => {
    t = await startHostApp({
      label: 'partner_login',
      now: new Date('2026-01-01T00:00:00Z'),
      entities: [...auditEntities, ...partnerLoginEntities],
      migrations: [...auditMigrations, ...partnerLoginMigrations],
      imports: [
        AuthAuditModule.forRoot({}),
        PartnerLoginModule.forRoot({
          masterSecret: 'a host master secret, thirty-two bytes or more',
        }),
      ],
      controllers: [SessionMeController],
      providers: [HostJsonRpcMethods],
    });
    users = t.app.get(UserService);
    given = factories(t.app);
    await given.user({ username: 'ayse', password: 'ayse-pw', email: 'ayse@example.com' });
    const codes = t.app.get(ApiCodeService);
    acme = await codes.create('ACME01');
    other = await codes.create('OTHER02');
  });
  afterAll(() => t.close());

  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);
  const loginToken = (
    claims: Partial<{ username: string; exp: number; remote_ip: string }> = {},
    code = acme,
  ) =>
    makeLoginToken(
      { username: 'ayse', exp: nowSeconds() + 3, remote_ip: '127.0.0.1', ...claims },
      code.code,
      code.secret,
    );
  const rpc = (payload: unknown, headers?: Record<string, string>) =>
    jsonRpc(t.baseUrl, payload, headers);
  const tokenLogin = (token: string, code = acme.code) =>
    rpc(call('Core.token_login', { token_: token, code_: code }));

  function expectRefused(
    result: { status: number; body: { error?: { code: number; message: string } } },
    code = AUTH_FAILED,
  ): void {
    expect(result.status).toBe(200);
    expect(result.body.error).toEqual({ code, message: expect.any(String) });
  }

  describe('Core.token_login with an API code', () => {
    it('signs the user in with a fresh token and answers a session token usable for Core.whoami', async () => {
      const result = await tokenLogin(loginToken());
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        jsonrpc: '2.0',
        id: expect.any(Number),
        result: { token: expect.stringMatching(/^rpcsession_/) },
      });
      const whoami = await rpc(call('Core.whoami'), {
        Authorization: `Bearer ${result.body.result.token}`,
      });
      expect(whoami.body.result).toMatchObject({ username: 'ayse', email: 'ayse@example.com' });
      const viaParams = await rpc(call('Core.whoami', { token_: result.body.result.token }));
      expect(viaParams.body.result.username).toBe('ayse');
    });

    it("answers the partner API's own name for it, Core.login_token, the same way", async () => {
      const result = await rpc(
        call('Core.login_token', { token_: loginToken(), code_: acme.code }),
      );
      expect(result.body.result).toEqual({ token: expect.stringMatching(/^rpcsession_/) });
    });

    it("accepts a padded base64url token (Python's urlsafe_b64encode pads)", async () => {
      let token = loginToken();
      while (token.length % 4 !== 0) token += '=';
      expect(token).toMatch(/=$/);
      expect((await tokenLogin(token)).body.result).toEqual({
        token: expect.stringMatching(/^rpcsession_/),
      });
    });

    it('accepts exp from now to now + 3 s plus the 2 s skew, and refuses beyond', async () => {
      expect((await tokenLogin(loginToken({ exp: nowSeconds() + 5 }))).body.result).toBeDefined();
      expect((await tokenLogin(loginToken({ exp: nowSeconds() - 2 }))).body.result).toBeDefined();
      expectRefused(await tokenLogin(loginToken({ exp: nowSeconds() + 6 })));
      expectRefused(await tokenLogin(loginToken({ exp: nowSeconds() - 3 })));
    });

    it('refuses a token once the clock passed its exp (expired)', async () => {
      const token = loginToken();
      t.clock.advance(6_000);
      expectRefused(await tokenLogin(token));
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });

    it('refuses another remote_ip, and ignores a spoofed X-Forwarded-For when no proxy is trusted', async () => {
      expectRefused(await tokenLogin(loginToken({ remote_ip: '203.0.113.7' })));
      const spoofed = await rpc(
        call('Core.token_login', {
          token_: loginToken({ remote_ip: '203.0.113.7' }),
          code_: acme.code,
        }),
        { 'X-Forwarded-For': '203.0.113.7' },
      );
      expectRefused(spoofed);
    });

    it('refuses a wrong secret, another code, an unknown code, a disabled or unknown user', async () => {
      expectRefused(
        await tokenLogin(
          makeLoginToken(
            { username: 'ayse', exp: nowSeconds() + 3, remote_ip: '127.0.0.1' },
            acme.code,
            `${acme.secret}x`,
          ),
        ),
      );
      expectRefused(await tokenLogin(loginToken({}, other), acme.code));
      expectRefused(await tokenLogin(loginToken(), 'NOPE99'));
      expectRefused(await tokenLogin(loginToken({ username: 'nobody' })));
      await given.user({ username: 'gone', password: 'x' });
      await users.setEnabled('gone', false);
      expectRefused(await tokenLogin(loginToken({ username: 'gone' })));
    });

    it('refuses tampered ciphertext and garbage, with one answer for every refusal', async () => {
      const bytes = Buffer.from(loginToken(), 'base64url');
      bytes[20] ^= 1;
      const answers = [
        await tokenLogin(bytes.toString('base64url')),
        await tokenLogin('not-a-token'),
        await tokenLogin('A'.repeat(3000)),
        await tokenLogin(loginToken({ remote_ip: '10.0.0.1' })),
      ];
      for (const answer of answers) expectRefused(answer);
      expect(new Set(answers.map((answer) => JSON.stringify(answer.body.error))).size).toBe(1);
    });

    it('logs in once: a replay is refused, also when the token is spelled differently', async () => {
      const token = loginToken();
      expect((await tokenLogin(token)).body.result).toBeDefined();
      expectRefused(await tokenLogin(token));

      // base64url's last character carries unused low bits when the length is not a multiple
      // of 3 bytes: flipping one spells the same bytes differently. Pick a user name that leaves some.
      const username = ['replayer', 'replayer1', 'replayer12'].find(
        (name) => Buffer.from(loginToken({ username: name }), 'base64url').length % 3 !== 0,
      )!;
      await given.user({ username, password: 'x' });
      const fresh = loginToken({ username });
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const respelled = fresh.slice(0, -1) + alphabet[alphabet.indexOf(fresh.slice(-1)) ^ 1];
      expect(respelled).not.toBe(fresh);
      expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(fresh, 'base64url'))).toBe(
        true,
      );
      expect((await tokenLogin(fresh)).body.result).toBeDefined();
      expectRefused(await tokenLogin(respelled));
    });

    it('20 concurrent uses of one login token open exactly one session (the database decides)', async () => {
      const token = loginToken();
      const results = await Promise.all(Array.from({ length: 20 }, () => tokenLogin(token)));
      expect(results.filter((result) => result.body.result).length).toBe(1);
      for (const loser of results.filter((result) => !result.body.result)) expectRefused(loser);
      const [{ count }] = await t.db.query<{ count: string }>(
        `SELECT count(*) FROM partner_session WHERE api_code = 'ACME01' AND created_at >= now() - interval '1 minute'`,
      );
      expect(Number(count)).toBeGreaterThan(0);
    });
  });

  describe("a host's own method (@JsonRpcMethod), authenticated through passport per call", () => {
    it('runs with the session of a Bearer token or of token_ in params, the principal in the request context', async () => {
      const { token } = (await tokenLogin(loginToken())).body.result;
      const viaBearer = await rpc(call('Host.greet', { name: 'Ada' }), {
        Authorization: `Bearer ${token}`,
      });
      expect(viaBearer.body.result).toEqual({
        greeting: 'Hello Ada, from ayse',
        same_principal: true,
      });
      const viaParams = await rpc(call('Host.greet', { token_: token }));
      expect(viaParams.body.result.greeting).toBe('Hello there, from ayse');
    });

    it("refuses a call without a valid session as that call's error, not the batch's, and audits the refusal", async () => {
      const { token } = (await tokenLogin(loginToken())).body.result;
      const batch = await rpc([
        call('Host.greet', { token_: token }),
        call('Host.greet', { token_: 'rpcsession_forged' }),
        call('Host.greet'),
      ]);
      expect(batch.status).toBe(200);
      expect(batch.body[0].result.greeting).toBe('Hello there, from ayse');
      expect(batch.body[1].error.code).toBe(-32002);
      expect(batch.body[2].error.code).toBe(-32002);
      await t.app.get(AuthAudit).flush();
      const refused = await t.db.query<{ count: string }>(
        "SELECT count(*) FROM auth_audit_log WHERE scheme = 'partner-session' AND outcome = 'failure'",
      );
      expect(Number(refused[0].count)).toBeGreaterThanOrEqual(2);
    });
  });

  describe('Core.login and Core.token_login with a session token', () => {
    it('logs in with a password and checks a session token, answering it back', async () => {
      const login = await rpc(call('Core.login', { username: 'ayse', password: 'ayse-pw' }));
      const token = login.body.result.token;
      const check = await rpc(call('Core.token_login', { token_: token }));
      expect(check.body.result).toEqual({ token });
    });

    it('a wrong password and an unknown user get the same error; an expired session token is refused', async () => {
      const wrong = await rpc({
        jsonrpc: '2.0',
        id: 1,
        method: 'Core.login',
        params: { username: 'ayse', password: 'nope' },
      });
      const unknown = await rpc({
        jsonrpc: '2.0',
        id: 1,
        method: 'Core.login',
        params: { username: 'nobody', password: 'nope' },
      });
      expectRefused(wrong);
      expect(unknown.text).toBe(wrong.text);
      const { body } = await rpc(call('Core.login', { username: 'ayse', password: 'ayse-pw' }));
      t.clock.advance(8 * 60 * 60 * 1000);
      expectRefused(
        await rpc(call('Core.token_login', { token_: body.result.token })),
        SESSION_REQUIRED,
      );
      expectRefused(
        await rpc(call('Core.whoami'), { Authorization: `Bearer ${body.result.token}` }),
        SESSION_REQUIRED,
      );
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });

    it('every other method requires a session token', async () => {
      expectRefused(await rpc(call('Core.whoami')), SESSION_REQUIRED);
      expectRefused(
        await rpc(call('Core.whoami', { token_: 'rpcsession_nope' })),
        SESSION_REQUIRED,
      );
    });

    it('disabling the user ends its sessions at once', async () => {
      await given.user({ username: 'leaver', password: 'pw' });
      const { body } = await rpc(call('Core.login', { username: 'leaver', password: 'pw' }));
      await users.setEnabled('leaver', false);
      expectRefused(
        await rpc(call('Core.whoami'), { Authorization: `Bearer ${body.result.token}` }),
        SESSION_REQUIRED,
      );
      expectRefused(await rpc(call('Core.login', { username: 'leaver', password: 'pw' })), -32003);
    });
  });

  describe('JSON-RPC 2.0', () => {
    it('-32700 for malformed JSON, with id null and HTTP 200', async () => {
      const result = await rpc('{"jsonrpc": "2.0", "method"');
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Parse error' },
      });
    });

    it.each([
      ['a wrong version', { jsonrpc: '1.0', id: 1, method: 'Core.whoami' }, 1],
      ['no method', { jsonrpc: '2.0', id: 2 }, 2],
      ['a method that is not a string', { jsonrpc: '2.0', id: 3, method: 1 }, 3],
      ['scalar params', { jsonrpc: '2.0', id: 4, method: 'Core.login', params: 'x' }, 4],
      ['an object id', { jsonrpc: '2.0', id: {}, method: 'Core.login' }, null],
      ['a bare number', 1, null],
    ])('-32600 for %s', async (_case, payload, id) => {
      const result = await rpc(payload);
      expect(result.body).toEqual({
        jsonrpc: '2.0',
        id,
        error: { code: -32600, message: 'Invalid Request' },
      });
    });

    it('-32601 for an unknown method, -32602 for invalid params', async () => {
      expect((await rpc(call('Core.nope'))).body.error).toEqual({
        code: -32601,
        message: 'Method not found',
      });
      expect((await rpc(call('Core.login', { username: 'ayse' }))).body.error).toMatchObject({
        code: -32602,
        data: 'password must be a non-empty string of at most 4096 characters',
      });
      expect((await rpc(call('Core.login', ['ayse', 'ayse-pw']))).body.error.code).toBe(-32602);
    });

    it('answers a batch as a batch, in order, leaving out notifications', async () => {
      const result = await rpc([
        {
          jsonrpc: '2.0',
          id: 'a',
          method: 'Core.login',
          params: { username: 'ayse', password: 'ayse-pw' },
        },
        { jsonrpc: '2.0', method: 'Core.login', params: { username: 'ayse', password: 'ayse-pw' } },
        { jsonrpc: '2.0', id: 'c', method: 'Core.nope' },
        1,
      ]);
      expect(result.status).toBe(200);
      expect(result.body).toEqual([
        { jsonrpc: '2.0', id: 'a', result: { token: expect.any(String) } },
        { jsonrpc: '2.0', id: 'c', error: { code: -32601, message: 'Method not found' } },
        { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } },
      ]);
    });

    it('an empty batch is one -32600; a batch of notifications gets no body (204)', async () => {
      expect((await rpc([])).body).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'Invalid Request', data: 'empty batch' },
      });
      const notifications = await rpc([
        { jsonrpc: '2.0', method: 'Core.whoami' },
        { jsonrpc: '2.0', method: 'Core.nope' },
      ]);
      expect(notifications.status).toBe(204);
      expect(notifications.text).toBe('');
      expect((await rpc({ jsonrpc: '2.0', method: 'Core.nope' })).status).toBe(204);
    });

    it('refuses a batch larger than the limit', async () => {
      const result = await rpc(Array.from({ length: 51 }, () => call('Core.nope')));
      expect(result.body.error.code).toBe(-32600);
    });
  });

  describe('plain HTTP routes and storage', () => {
    it('the session token works on a plain route through the Bearer strategy', async () => {
      const { body } = await rpc(call('Core.login', { username: 'ayse', password: 'ayse-pw' }));
      const me = await request(`${t.baseUrl}/jsonrpc/me`, {
        headers: { Authorization: `Bearer ${body.result.token}` },
      });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'ayse' });
      const anonymous = await request(`${t.baseUrl}/jsonrpc/me`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('keeps API-code secrets sealed, session tokens hashed, and used tokens keyed by nonce', async () => {
      const { body } = await tokenLogin(loginToken());
      const dump = JSON.stringify([
        ...(await t.db.query('SELECT * FROM partner_api_code')),
        ...(await t.db.query('SELECT * FROM partner_session')),
        ...(await t.db.query('SELECT * FROM partner_used_login_token')),
      ]);
      for (const secret of [acme.secret, other.secret, body.result.token])
        expect(dump).not.toContain(secret);
      const codes = await t.db.query<{ secret_sealed: string }>(
        'SELECT secret_sealed FROM partner_api_code',
      );
      for (const code of codes) expect(code.secret_sealed).toMatch(/^v1\./);
    });

    it('the purge removes expired sessions and old used-token records only', async () => {
      const { body: live } = await rpc(
        call('Core.login', { username: 'ayse', password: 'ayse-pw' }),
      );
      t.clock.advance(9 * 60 * 60 * 1000);
      const { body: fresh } = await rpc(
        call('Core.login', { username: 'ayse', password: 'ayse-pw' }),
      );
      expect(await t.app.get(PartnerLoginPurgeJob).runOnce()).toBeGreaterThan(0);
      const [{ used }] = await t.db.query<{ used: string }>(
        'SELECT count(*) AS used FROM partner_used_login_token',
      );
      expect(used).toBe('0');
      expectRefused(
        await rpc(call('Core.whoami', { token_: live.result.token })),
        SESSION_REQUIRED,
      );
      expect(
        (await rpc(call('Core.whoami', { token_: fresh.result.token }))).body.result.username,
      ).toBe('ayse');
      t.clock.set(new Date('2026-01-01T00:00:00Z'));
    });
  });
});
