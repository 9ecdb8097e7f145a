import { AuthAudit } from '@authkit/core';
import { ApiAppService } from '@authkit/token-realm';
import { runCli } from '../support/demo-process';
import { factories } from '../support/factories';
import { request } from '../support/http';
import { startTestApp, TestApp, UNTHROTTLED_ENV } from '../support/test-app';

/**
 * SPEC §8's rotation with a grace window, for an app's secret (`app rotate-secret`), on two
 * instances of one database (manual clocks, set alike): during the window both secrets log in
 * and authenticate introspection; once it ends, only the new one, on both. The realm tokens
 * the app obtained with its old secret are its users' grants, not the secret's: they outlive
 * the window, to their own expiry (documented; `app disable` ends them).
 */
describe('app rotate-secret --grace: the old secret logs in until the window ends', () => {
  let a: TestApp;
  let b: TestApp;
  let env: NodeJS.ProcessEnv;
  let app: { id: number; secret: string };

  beforeAll(async () => {
    a = await startTestApp({ label: 'app_grace', env: UNTHROTTLED_ENV });
    b = await startTestApp({ db: a.db, env: UNTHROTTLED_ENV });
    const now = new Date();
    a.clock.set(now);
    b.clock.set(now);
    env = { ...process.env, DATABASE_URL: a.db.url };
    app = await factories(a.app).app('grace-app');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const setClocks = (at: Date) => [a, b].forEach((instance) => instance.clock.set(at));
  const logIn = (instance: TestApp, secret: string) =>
    request(`${instance.baseUrl}/roomink/access_token`, {
      body: { app_id: app.id, app_secret: secret },
    });
  const introspect = (instance: TestApp, secret: string, token: string) =>
    request(`${instance.baseUrl}/roomink/introspect`, {
      headers: { Authorization: `Basic ${Buffer.from(`${app.id}:${secret}`).toString('base64')}` },
      body: { token },
    });
  const rotate = async (...extra: string[]) => {
    const rotated = await runCli(
      ['app', 'rotate-secret', '--app-id', String(app.id), ...extra, '--json'],
      env,
    );
    return { ...rotated, answer: rotated.status === 0 ? JSON.parse(rotated.stdout) : null };
  };

  it('refuses a malformed --grace or an unknown app, and changes nothing', async () => {
    const malformed = await rotate('--grace', '3 weeks');
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).toContain('grace must be a duration');
    const unknown = await runCli(['app', 'rotate-secret', '--app-id', '999999', '--json'], env);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('No such app');
    expect((await logIn(a, app.secret)).status).toBe(200);
  });

  it('during the window both secrets log in on both instances; after it only the new one, and the tokens the old one obtained live on', async () => {
    const rotated = await rotate('--grace', '10m');
    expect(rotated.answer).toEqual({
      app_id: app.id,
      app_secret: expect.stringMatching(/^app_/),
      grace_ends_at: expect.any(String),
    });
    const newSecret: string = rotated.answer.app_secret;
    const endsAt = new Date(rotated.answer.grace_ends_at);
    setClocks(new Date(endsAt.getTime() - 60_000));

    const issued: Record<string, { access_token: string }> = {};
    for (const [label, instance, secret] of [
      ['old on a', a, app.secret],
      ['old on b', b, app.secret],
      ['new on a', a, newSecret],
      ['new on b', b, newSecret],
    ] as const) {
      const answer = await logIn(instance, secret);
      expect([label, answer.status]).toEqual([label, 200]);
      issued[label] = answer.body as { access_token: string };
    }
    expect((await introspect(b, app.secret, issued['new on a'].access_token)).body).toEqual(
      expect.objectContaining({ active: true }),
    );

    setClocks(endsAt);
    for (const instance of [a, b]) {
      expect((await logIn(instance, app.secret)).status).toBe(401);
      expect((await introspect(instance, app.secret, issued['new on a'].access_token)).status).toBe(
        401,
      );
      expect((await logIn(instance, newSecret)).status).toBe(200);
      // Obtained with the old secret during the window: live until its own expiry.
      const served = await request(`${instance.baseUrl}/roomink/me`, {
        headers: { 'X-Access-Token': issued['old on b'].access_token },
      });
      expect(served.status).toBe(200);
    }

    expect(await a.app.get(ApiAppService).closeEndedGraceWindows()).toEqual([app.id]);
    expect(await b.app.get(ApiAppService).closeEndedGraceWindows()).toEqual([]);
    await a.app.get(AuthAudit).flush();
    const rows = await a.db.query<{ principal: string; reason: string }>(
      `SELECT principal, reason FROM auth_audit_log WHERE scheme = 'admin:app rotate-secret' ORDER BY id`,
    );
    expect(rows).toEqual([
      { principal: `app:${app.id}`, reason: expect.stringMatching(/^rotated, grace until /) },
      { principal: `app:${app.id}`, reason: 'grace window ended' },
    ]);
    app = { ...app, secret: newSecret };
  });

  it('without --grace the old secret stops logging in at once, on both instances', async () => {
    const rotated = await rotate();
    expect(rotated.answer).toEqual({ app_id: app.id, app_secret: expect.stringMatching(/^app_/) });
    for (const instance of [a, b]) {
      expect((await logIn(instance, app.secret)).status).toBe(401);
      expect((await logIn(instance, rotated.answer.app_secret)).status).toBe(200);
    }
  });
});
