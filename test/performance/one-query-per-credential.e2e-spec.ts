import '../support/with-bench-routes';
import { SiteAdminService } from '@authkit/saas-site';
import passport from 'passport';
import { mintCredentials, type Provisioned } from '../../bench/credentials';
import { guardedRoutes, guardOnlyRoutes } from '../../bench/loads';
import { request } from '../support/http';
import { recordStatements, type SentStatement } from '../support/recorded-statements';
import { factories } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The uncached hot path (issue #17: one indexed query per credential, no
 * entity hydration, prepared statements): with the credential cache off, each
 * benchmarked guarded route (the seed's, and the guard alone on a no-work
 * handler) reads its credential and its user in exactly one query, run as a
 * named prepared statement.
 */
describe('uncached verification: one prepared query per credential', () => {
  let t: TestApp;
  let provisioned: Provisioned;
  const seen: SentStatement[] = [];
  let recording: { stop(): void } | undefined;

  beforeAll(async () => {
    // Scheme 5's key ring is re-read every SESSION_JWT_KEY_CACHE_SECONDS (real time), not per credential:
    // a long period keeps such a reload out of the requests counted here, however slow the machine.
    t = await startTestApp({
      label: 'one_query',
      env: { CREDENTIAL_CACHE_MAX_ENTRIES: '0', SESSION_JWT_KEY_CACHE_SECONDS: '3600' },
    });
    const given = factories(t.app);
    const username = 'one-query';
    const password = 'one-query-password';
    await given.user({ username, password, direction: 'pharma', country: 'ru' });
    const { secret } = await given.site('one-query.example.com', username);
    const app = await given.app('one-query-app');
    const limited = await t.app
      .get(SiteAdminService)
      .createSite(
        'limited.one-query.example.com',
        'one-query.example.com-team',
        undefined,
        undefined,
        '1000000/1h',
      );
    provisioned = {
      userId: 0,
      username,
      password,
      direction: 'pharma',
      siteName: 'one-query.example.com',
      siteToken: secret,
      limitedSiteName: limited.site.name,
      limitedSiteToken: limited.secret,
      appId: app.id,
      appSecret: app.secret,
      apiCode: '',
      apiCodeSecret: '',
    };
    recording = recordStatements(seen);
  });
  afterAll(async () => {
    recording?.stop();
    await t.close();
  });

  it('for every scheme, on both the credential and its user', async () => {
    const credentials = await mintCredentials(t.baseUrl, provisioned);
    const routes = [...guardedRoutes(credentials), ...guardOnlyRoutes(credentials)];
    for (const route of routes) {
      seen.length = 0;
      const answer = await request(`${t.baseUrl}${route.path}`, { headers: route.headers });
      expect({ route: route.name, status: answer.status }).toEqual({
        route: route.name,
        status: 200,
      });
      // Reads only: the audit log's buffered writes (INSERT ... SELECT FROM unnest) and the purges (DELETE)
      // run on their own timers and may land during a request; the bus's heartbeat (SELECT 1) reads no table.
      const queries = seen.filter(
        (query) => /^\s*SELECT\b/i.test(query.text) && /\bFROM\b/i.test(query.text),
      );
      expect({ route: route.name, queries: queries.length }).toEqual({
        route: route.name,
        queries: 1,
      });
      expect(queries[0].text).toContain('"authkit_user"');
      expect(queries[0].name).toMatch(/^authkit_[0-9a-f]{24}$/);
    }
  });

  it("requests that arrive together share one joint statement, which finds each one's credential by its indexes' types", async () => {
    const credentials = await mintCredentials(t.baseUrl, provisioned);
    for (const route of guardedRoutes(credentials)) {
      let joint: (typeof seen)[number] | undefined;
      // Requests read in one turn of the event loop share a statement; a wave or three brings them together.
      for (let wave = 0; wave < 3 && !joint; wave++) {
        seen.length = 0;
        const answers = await Promise.all(
          Array.from({ length: 10 }, () =>
            request(`${t.baseUrl}${route.path}`, { headers: route.headers }),
          ),
        );
        expect({ route: route.name, statuses: answers.map((answer) => answer.status) }).toEqual({
          route: route.name,
          statuses: Array(10).fill(200),
        });
        joint = seen.find((query) => /WITH ORDINALITY AS lookup\(/.test(query.text));
      }
      expect({ route: route.name, joint: joint !== undefined }).toEqual({
        route: route.name,
        joint: true,
      });
      // Run again as sent: a parameter type that did not fit would fail it, and each request would then
      // have gone alone. Every credential sent is valid, so every lookup finds its row.
      const values = joint!.values as unknown[][];
      const rows = await t.db.query<Record<string, unknown>>(joint!.text, values);
      expect({ route: route.name, found: rows.length }).toEqual({
        route: route.name,
        found: values[0].length,
      });
    }
  });

  it('requests of different users that share a statement are each answered as their own user', async () => {
    const given = factories(t.app);
    const logins: Array<{ id: number; token: string }> = [];
    for (const username of ['batch-a', 'batch-b', 'batch-c']) {
      const password = `${username}-password`;
      const user = await given.user({ username, password, direction: 'pharma', country: 'ru' });
      const login = await request(`${t.baseUrl}/api/user/login`, {
        headers: { 'content-type': 'application/json; charset=utf-8', country: 'ru' },
        body: { username, password, direction: 'pharma' },
      });
      expect(login.status).toBe(200);
      logins.push({ id: user.id, token: login.body.access_token });
    }
    let shared = false;
    for (let wave = 0; wave < 3 && !shared; wave++) {
      seen.length = 0;
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => logins[i % 3]).map(async ({ id, token }) => ({
          id,
          answer: await request(`${t.baseUrl}/api/user/me`, {
            headers: { Authorization: `Bearer ${token}` },
          }),
        })),
      );
      for (const { id, answer } of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body.id).toBe(id);
      }
      shared = seen.some((query) => /WITH ORDINALITY AS lookup\(/.test(query.text));
    }
    expect(shared).toBe(true);
  });

  it("every scheme's guard calls its strategies itself, never through passport.authenticate", async () => {
    // passport.authenticate derives a strategy object per attempt (Object.create and five
    // closures), which kept about 2.7 KB per request alive past a young-generation GC.
    const authenticate = jest.spyOn(passport, 'authenticate');
    try {
      const credentials = await mintCredentials(t.baseUrl, provisioned);
      authenticate.mockClear();
      for (const route of [...guardedRoutes(credentials), ...guardOnlyRoutes(credentials)]) {
        const answer = await request(`${t.baseUrl}${route.path}`, { headers: route.headers });
        expect({ route: route.name, status: answer.status }).toEqual({
          route: route.name,
          status: 200,
        });
        expect({ route: route.name, viaPassport: authenticate.mock.calls.length }).toEqual({
          route: route.name,
          viaPassport: 0,
        });
      }
    } finally {
      authenticate.mockRestore();
    }
  });

  it('the guards alone refuse a request without the credential, as their seed routes do', async () => {
    for (const route of guardOnlyRoutes(await mintCredentials(t.baseUrl, provisioned))) {
      expect({
        path: route.path,
        status: (await request(`${t.baseUrl}${route.path}`)).status,
      }).toEqual({ path: route.path, status: 401 });
    }
  });
});
