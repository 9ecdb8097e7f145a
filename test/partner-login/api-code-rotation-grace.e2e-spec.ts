import { AuthAudit } from '@authkit/core';
import { ApiCodeService, makeLoginToken } from '@authkit/partner-login';
import { runCli } from '../support/demo-process';
import { factories } from '../support/factories';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { startTestApp, TestApp, UNTHROTTLED_ENV } from '../support/test-app';

const CODE = 'GRACE01';

/**
 * SPEC §8's rotation with a grace window, for a partner's API code, on two instances of one
 * database (each on a manual clock, both set alike): during the window login tokens sealed
 * with the old secret or the new one sign in, and the sessions the old one opened work; once
 * the window ends (by each server's clock), the old secret and its sessions are refused on
 * both, the new one's go on. Without --grace, every session of the code ends at once.
 */
describe('api-code rotate-secret --grace: the old secret signs in until the window ends', () => {
  let a: TestApp;
  let b: TestApp;
  let env: NodeJS.ProcessEnv;
  let oldSecret: string;

  beforeAll(async () => {
    a = await startTestApp({ label: 'api_code_grace', env: UNTHROTTLED_ENV });
    b = await startTestApp({ db: a.db, env: UNTHROTTLED_ENV });
    const now = new Date();
    a.clock.set(now);
    b.clock.set(now);
    env = { ...process.env, DATABASE_URL: a.db.url };
    await factories(a.app).user({ username: 'ayse', password: 'pw' });
    oldSecret = await factories(a.app).apiCode(CODE);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const setClocks = (at: Date) => [a, b].forEach((instance) => instance.clock.set(at));
  /** A session token, or the JSON-RPC error code of the refused login. */
  const signIn = async (instance: TestApp, secret: string): Promise<string | number> => {
    const loginToken = makeLoginToken(
      {
        username: 'ayse',
        exp: Math.floor(instance.clock.now().getTime() / 1000) + 3,
        remote_ip: '127.0.0.1',
      },
      CODE,
      secret,
    );
    const { body } = await jsonRpc(
      instance.baseUrl,
      call('Core.token_login', { token_: loginToken, code_: CODE }),
    );
    return body.result?.token ?? body.error.code;
  };
  /** Whom a session runs as on each instance, twice (the second from the cache), or the error code. */
  const whoamiEverywhere = async (session: string) => {
    const answers: Array<string | number> = [];
    for (const instance of [a, b, a, b]) {
      const { body } = await jsonRpc(instance.baseUrl, call('Core.whoami'), {
        Authorization: `Bearer ${session}`,
      });
      answers.push(body.result?.username ?? body.error.code);
    }
    return answers;
  };

  it('refuses a malformed --grace, and changes nothing', async () => {
    const refused = await runCli(
      ['api-code', 'rotate-secret', '--code', CODE, '--grace', 'soon', '--json'],
      env,
    );
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('grace must be a duration');
    expect(typeof (await signIn(a, oldSecret))).toBe('string');
  });

  it('during the window both secrets sign in and the old one’s sessions work; after it, only the new one’s, on both instances', async () => {
    const sessionBefore = (await signIn(a, oldSecret)) as string;
    const rotated = await runCli(
      ['api-code', 'rotate-secret', '--code', CODE, '--grace', '10m', '--json'],
      env,
    );
    expect(rotated.status).toBe(0);
    const answer = JSON.parse(rotated.stdout);
    expect(answer).toEqual({
      code: CODE,
      secret: expect.stringMatching(/^apicode_/),
      grace_ends_at: expect.any(String),
    });
    const endsAt = new Date(answer.grace_ends_at);
    setClocks(new Date(endsAt.getTime() - 60_000));

    const sessionDuringGrace = (await signIn(b, oldSecret)) as string;
    const newSession = (await signIn(a, answer.secret)) as string;
    for (const session of [sessionBefore, sessionDuringGrace, newSession]) {
      expect(typeof session).toBe('string');
      expect(await whoamiEverywhere(session)).toEqual(['ayse', 'ayse', 'ayse', 'ayse']);
    }

    // The window ends by each server's clock: cached or not, the old secret's sessions go.
    setClocks(endsAt);
    for (const session of [sessionBefore, sessionDuringGrace]) {
      const answers = await whoamiEverywhere(session);
      expect(answers.every((code) => typeof code === 'number')).toBe(true);
    }
    expect(await signIn(a, oldSecret)).toBe(-32001);
    expect(await signIn(b, oldSecret)).toBe(-32001);
    expect(await whoamiEverywhere(newSession)).toEqual(['ayse', 'ayse', 'ayse', 'ayse']);
    expect(typeof (await signIn(b, answer.secret))).toBe('string');
    oldSecret = answer.secret;

    // The sweep closes the window once, whichever instance runs it; the audit has both events.
    expect(await a.app.get(ApiCodeService).closeEndedGraceWindows()).toEqual([CODE]);
    expect(await b.app.get(ApiCodeService).closeEndedGraceWindows()).toEqual([]);
    await a.app.get(AuthAudit).flush();
    const rows = await a.db.query<{ principal: string; reason: string }>(
      `SELECT principal, reason FROM auth_audit_log WHERE scheme = 'admin:api-code rotate-secret' ORDER BY id`,
    );
    expect(rows).toEqual([
      { principal: `api-code:${CODE}`, reason: expect.stringMatching(/^rotated, grace until /) },
      { principal: `api-code:${CODE}`, reason: 'grace window ended' },
    ]);
  });

  it('without --grace the old secret and every session of the code end at once, on both instances', async () => {
    const session = (await signIn(a, oldSecret)) as string;
    expect(await whoamiEverywhere(session)).toEqual(['ayse', 'ayse', 'ayse', 'ayse']);
    const rotated = await runCli(['api-code', 'rotate-secret', '--code', CODE, '--json'], env);
    const answer = JSON.parse(rotated.stdout);
    expect(answer).toEqual({ code: CODE, secret: expect.stringMatching(/^apicode_/) });
    expect(await signIn(a, oldSecret)).toBe(-32001);
    const started = Date.now();
    for (;;) {
      const answers = await whoamiEverywhere(session);
      if (answers.every((code) => typeof code === 'number')) break;
      expect(Date.now() - started).toBeLessThan(1000);
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(typeof (await signIn(b, answer.secret))).toBe('string');
  });
});
