import type { AuthRefusal } from '@authkit/core';
import { generateToken } from '@authkit/core/internal';
import { UserService } from '@authkit/identity';
import {
  passwordLoginEntities,
  passwordLoginMigrations,
  PasswordLoginModule,
} from '@authkit/password-login';
import { factories } from '../../../test/support/factories';
import { AccountController } from './account.controller';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { request } from '../../../test/support/http';

/**
 * Typed refusal reasons and the host's `onRefusal` hook: every refused request and login
 * reaches the hook with a stable reason, the status and code the client got, and never the
 * credential; the client's answer is the same whatever the reason; a hook that throws changes
 * nothing for the client.
 */
describe('refusal reasons reach the host’s onRefusal hook, not the client', () => {
  let host: HostApp;
  const refusals: AuthRefusal[] = [];
  let hookThrows = false;
  const ttlSeconds = 600;

  const me = (headers: Record<string, string> = {}) =>
    request(`${host.baseUrl}/account/me`, { headers: { 'User-Agent': 'reasons/1.0', ...headers } });
  const login = (username: string, password: string) =>
    request(`${host.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
      body: { username, password, direction: 'pharma' },
    });
  const last = () => refusals[refusals.length - 1];

  beforeAll(async () => {
    host = await startHostApp({
      label: 'refusal_reasons',
      entities: passwordLoginEntities,
      migrations: passwordLoginMigrations,
      imports: [PasswordLoginModule.forRoot({ accessTokenTtlSeconds: ttlSeconds })],
      controllers: [AccountController],
      core: {
        onRefusal: (refusal) => {
          refusals.push(refusal);
          if (hookThrows) throw new Error('the host’s hook failed');
        },
      },
      throttle: {
        perAddress: { limit: 1000, windowSeconds: 60 },
        perAccount: { limit: 3, windowSeconds: 60 },
        perService: { limit: 1000, windowSeconds: 60 },
        accountCeiling: { limit: 1000, windowSeconds: 3600 },
      },
    });
    const users = factories(host.app);
    await users.user({
      username: 'reader',
      password: 'reader-pw',
      direction: 'pharma',
      country: 'ru',
    });
    await users.user({ username: 'gone', password: 'gone-pw', direction: 'pharma', country: 'ru' });
    await users.user({
      username: 'guesser',
      password: 'guesser-pw',
      direction: 'pharma',
      country: 'ru',
    });
  });
  afterAll(() => host?.close());

  it('a guarded request: missing, malformed, unknown and expired, each with one uniform answer', async () => {
    const ok = await login('reader', 'reader-pw');
    expect(ok.status).toBe(200);
    const token = (ok.body as { access_token: string }).access_token;
    expect((await me({ Authorization: `Bearer ${token}` })).status).toBe(200);

    const answers: Array<[string, Awaited<ReturnType<typeof me>>]> = [
      ['missing', await me()],
      ['malformed', await me({ Authorization: 'Bearer login_short' })],
      ['unknown', await me({ Authorization: `Bearer ${generateToken('login')}` })],
    ];
    host.clock.advance((ttlSeconds + 1) * 1000);
    answers.push(['expired', await me({ Authorization: `Bearer ${token}` })]);

    const seen = refusals.filter((refusal) => refusal.kind === 'verification');
    expect(seen.map((refusal) => refusal.reason)).toEqual(answers.map(([reason]) => reason));
    for (const refusal of seen)
      expect(refusal).toEqual({
        kind: 'verification',
        scheme: 'password-login-bearer',
        reason: refusal.reason,
        status: 401,
        code: 'invalid_token',
        principal: null,
        clientAddress: expect.any(String),
        userAgent: 'reasons/1.0',
      });
    // The client cannot tell one reason from another.
    const [first, ...rest] = answers.map(([, answer]) => answer);
    for (const answer of rest) {
      expect(answer.status).toBe(first.status);
      expect(answer.body).toEqual(first.body);
      expect(answer.headers.get('www-authenticate')).toBe(first.headers.get('www-authenticate'));
    }
    expect(JSON.stringify(refusals)).not.toContain(token);
  });

  it('a login: unknown for a wrong password, disabled for a disabled account, throttled past the limit', async () => {
    refusals.length = 0;
    expect((await login('gone', 'wrong')).status).toBe(401);
    expect(last()).toMatchObject({
      kind: 'login',
      reason: 'unknown',
      status: 401,
      principal: 'user:gone',
    });
    await host.app.get(UserService).setEnabled('gone', false);
    expect((await login('gone', 'gone-pw')).status).toBe(403);
    expect(last()).toMatchObject({
      kind: 'login',
      scheme: 'login:/api/user/login',
      reason: 'disabled',
      status: 403,
      code: 'account_disabled',
    });
    for (let attempt = 0; attempt < 3; attempt++) await login('guesser', 'wrong');
    expect((await login('guesser', 'wrong')).status).toBe(429);
    expect(last()).toMatchObject({
      kind: 'login',
      reason: 'throttled',
      status: 429,
      code: 'too_many_requests',
      principal: 'user:guesser',
    });
    expect(JSON.stringify(refusals)).not.toMatch(/gone-pw|wrong/);
  });

  it('a hook that throws is logged, and the client’s answer is unchanged', async () => {
    const before = await me({ Authorization: 'Bearer login_short' });
    hookThrows = true;
    try {
      const during = await me({ Authorization: 'Bearer login_short' });
      expect([during.status, during.body]).toEqual([before.status, before.body]);
      expect(last().reason).toBe('malformed');
    } finally {
      hookThrows = false;
    }
  });
});
