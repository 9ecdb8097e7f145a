import { runCli } from '../support/demo-process';
import { factories } from '../support/factories';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/**
 * SPEC §8's per-credential rate limits, for an app (`app create --rate-limit 3/1m`), on two
 * instances of one database: the requests made with every token of the app's grants count
 * together; each answer carries the RateLimit headers; past the limit, 429 with `Retry-After`
 * on both instances. Logging in is not counted (the login limits cover it), and a user's grant
 * in another realm is not the app's.
 */
describe('app create --rate-limit: one count for all the app’s tokens, across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let app: { app_id: number; app_secret: string; rate_limit: string };

  beforeAll(async () => {
    a = await startTestApp({ label: 'app_rate_limit' });
    b = await startTestApp({ db: a.db });
    const created = await runCli(
      ['app', 'create', '--name', 'limited-app', '--rate-limit', '3/1m', '--json'],
      { ...process.env, DATABASE_URL: a.db.url },
    );
    expect(created.status).toBe(0);
    app = JSON.parse(created.stdout);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const logIn = async (instance: TestApp) => {
    const pair = await request(`${instance.baseUrl}/roomink/access_token`, {
      body: { app_id: app.app_id, app_secret: app.app_secret },
    });
    expect(pair.status).toBe(200);
    expect(pair.headers.get('ratelimit')).toBeNull();
    return (pair.body as { access_token: string }).access_token;
  };
  const me = (instance: TestApp, token: string) =>
    request(`${instance.baseUrl}/roomink/me`, { headers: { 'X-Access-Token': token } });

  it('the CLI shows the limit it set', () => {
    expect(app).toEqual({
      app_id: expect.any(Number),
      app_secret: expect.stringMatching(/^app_/),
      rate_limit: '3/60s',
    });
  });

  it('counts every token of the app on both instances, then answers 429 with Retry-After', async () => {
    const first = await logIn(a);
    const second = await logIn(b);
    const answers = [];
    answers.push(await me(a, first));
    await settle();
    answers.push(await me(b, second));
    answers.push(await me(a, second));
    expect(answers.map((answer) => [answer.status, answer.headers.get('ratelimit')])).toEqual([
      [200, '"credential";r=2;t=60'],
      [200, '"credential";r=1;t=60'],
      [200, '"credential";r=0;t=60'],
    ]);
    expect(answers[0].headers.get('ratelimit-policy')).toBe('"credential";q=3;w=60');
    for (const [instance, token] of [
      [b, first],
      [a, first],
      [b, second],
    ] as const) {
      const refused = await me(instance, token);
      expect([refused.status, (refused.body as { code: string }).code]).toEqual([
        429,
        'too_many_requests',
      ]);
      expect(refused.headers.get('retry-after')).toBe('60');
    }
    // A new login is still served (not counted), and its token meets the same count.
    expect((await me(a, await logIn(a))).status).toBe(429);

    // A user's token in the other realm is nobody's app: no limit, no headers.
    await factories(a.app).user({ username: 'unlimited-user' });
    const user = await request(`${a.baseUrl}/snipe/access_token`, {
      body: { login: 'unlimited-user', password: 'unlimited-user-password' },
    });
    const served = await request(`${a.baseUrl}/snipe/me`, {
      headers: { 'X-Access-Token': (user.body as { access_token: string }).access_token },
    });
    expect([served.status, served.headers.get('ratelimit')]).toEqual([200, null]);

    for (const instance of [a, b]) instance.clock.advance(60_000);
    expect((await me(b, first)).status).toBe(200);
  });
});
