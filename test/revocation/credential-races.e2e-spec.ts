import { ApiCodeService, makeLoginToken } from '@authkit/partner-login';
import { SiteAdminService } from '@authkit/saas-site';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { startDemoProcess, type DemoProcess } from '../support/demo-process';
import { request } from '../support/http';
import { startTestApp, type TestApp, UNTHROTTLED_ENV } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * Revocations that cannot be raced: logins and mints keep running, on two
 * instances, while an admin disables an API code, rotates its secret, or
 * rotates a site's secret. Whatever order the logins' reads and inserts take
 * around it, nothing opened or minted through the old state works afterwards,
 * on either instance.
 */
describe('revocations cannot be raced by logins in flight (two instances)', () => {
  let a: TestApp;
  let b: DemoProcess;

  beforeAll(async () => {
    a = await startTestApp({ label: 'races' });
    // B runs on the system clock: A's clock is set to the same time, so both judge the login window alike.
    a.clock.set(new Date());
    b = await startDemoProcess({
      ...process.env,
      ...UNTHROTTLED_ENV,
      DATABASE_URL: a.db.url,
      MASTER_SECRET: process.env.MASTER_SECRET,
    });
    await factories(a.app).user({ username: 'racer', password: 'racer-password' });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  /** Token logins from 16 clients on both instances for `ms`, with `during` run a third of the way in: every session token answered. */
  async function loginsAround(
    code: string,
    secret: () => string,
    ms: number,
    during: () => Promise<unknown>,
  ): Promise<string[]> {
    const tokens: string[] = [];
    const deadline = Date.now() + ms;
    const worker = async (index: number) => {
      while (Date.now() < deadline) {
        const token = makeLoginToken(
          { username: 'racer', exp: Math.floor(Date.now() / 1000) + 2, remote_ip: '127.0.0.1' },
          code,
          secret(),
        );
        const answer = await jsonRpc(
          index % 2 === 0 ? a.baseUrl : b.baseUrl,
          call('Core.token_login', { token_: token, code_: code }),
        );
        if (answer.body?.result?.token) tokens.push(answer.body.result.token);
      }
    };
    const admin = new Promise((resolve) => setTimeout(resolve, ms / 3)).then(during);
    await Promise.all([...Array.from({ length: 16 }, (_, index) => worker(index)), admin]);
    return tokens;
  }

  async function liveOn(tokens: string[]): Promise<string[]> {
    const live: string[] = [];
    for (const token of tokens) {
      for (const instance of [a.baseUrl, b.baseUrl]) {
        const answer = await request(`${instance}/jsonrpc/me`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (answer.status !== 401) live.push(`${instance} ${answer.status}`);
      }
    }
    return live;
  }

  it('api-code disable: no session opened by a login in flight outlives it', async () => {
    const codes = a.app.get(ApiCodeService);
    const { code, secret } = await codes.create('RACE01');
    const tokens = await loginsAround(
      code,
      () => secret,
      1500,
      () => codes.setEnabled(code, false),
    );
    expect(tokens.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the revocation notice's deadline
    expect(await liveOn(tokens)).toEqual([]);
  });

  it('api-code rotate-secret: no session opened with the old secret outlives it; the new secret opens live ones', async () => {
    const codes = a.app.get(ApiCodeService);
    const { code, secret: old } = await codes.create('RACE02');
    let rotated = '';
    const tokens = await loginsAround(
      code,
      () => old,
      1500,
      async () => (rotated = (await codes.rotateSecret(code)).secret),
    );
    expect(tokens.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await liveOn(tokens)).toEqual([]);
    const fresh = await jsonRpc(
      b.baseUrl,
      call('Core.token_login', {
        token_: makeLoginToken(
          { username: 'racer', exp: Math.floor(Date.now() / 1000) + 2, remote_ip: '127.0.0.1' },
          code,
          rotated,
        ),
        code_: code,
      }),
    );
    const session = fresh.body.result.token as string;
    for (const instance of [a.baseUrl, b.baseUrl])
      expect(
        (
          await request(`${instance}/jsonrpc/me`, {
            headers: { Authorization: `Bearer ${session}` },
          })
        ).status,
      ).toBe(200);
  });

  it('site rotate-token: no access token minted with the old secret outlives it, whenever its mint ran', async () => {
    const sites = a.app.get(SiteAdminService);
    await sites.createTeam('race-team', 'racer');
    const { secret: old } = await sites.createSite('race.example.com', 'race-team');
    const minted: string[] = [];
    const deadline = Date.now() + 1500;
    const mint = '/api/method/jcloude.saas.api.auth.generate_access_token';
    const worker = async (index: number) => {
      while (Date.now() < deadline) {
        const answer = await request(`${index % 2 === 0 ? a.baseUrl : b.baseUrl}${mint}`, {
          method: 'POST',
          headers: { 'X-Site': 'race.example.com', 'X-Site-Token': old },
        });
        if (answer.status === 200) minted.push(answer.body.message);
      }
    };
    let rotated = '';
    const admin = new Promise((resolve) => setTimeout(resolve, 500)).then(
      async () => (rotated = (await sites.rotateSiteToken('race.example.com')).secret),
    );
    await Promise.all([...Array.from({ length: 16 }, (_, index) => worker(index)), admin]);
    expect(minted.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const live: string[] = [];
    for (const token of minted) {
      for (const instance of [a.baseUrl, b.baseUrl]) {
        const answer = await request(`${instance}/api/method/jcloude.saas.api.hello`, {
          headers: { 'X-Site-Access-Token': token },
        });
        if (answer.status !== 401) live.push(`${instance} ${answer.status}`);
      }
    }
    expect(live).toEqual([]);
    const fresh = await request(`${b.baseUrl}${mint}`, {
      method: 'POST',
      headers: { 'X-Site': 'race.example.com', 'X-Site-Token': rotated },
    });
    for (const instance of [a.baseUrl, b.baseUrl]) {
      expect(
        (
          await request(`${instance}/api/method/jcloude.saas.api.hello`, {
            headers: { 'X-Site-Access-Token': fresh.body.message },
          })
        ).status,
      ).toBe(200);
    }
  });
});
