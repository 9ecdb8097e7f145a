import { RevocationBus, UserStore } from '@authkit/core';
import { UserService } from '@authkit/identity';
import { startDemoProcess, type DemoProcess } from '../support/demo-process';
import { type Credential, signInEverywhere, statusesOf } from '../support/every-scheme';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Disabling a user is one transaction: the flag and every scheme's end of the
 * user's credentials commit together or not at all, whatever the revocation
 * bus does; logins racing it on two instances leave nothing that outlives
 * the disable, or comes back when the user is enabled again.
 */
const CACHE_MAX_AGE_MS = 31_000;

describe('user disable is durable: one transaction, whatever the bus does (two instances)', () => {
  let a: TestApp;
  let b: DemoProcess;
  let users: UserService;
  const everyStatus = (statuses: Array<[string, number]>, status: number) =>
    statuses.map(([path]) => [path, status]);

  beforeAll(async () => {
    a = await startTestApp({ label: 'disable_tx' });
    a.clock.set(new Date());
    b = await startDemoProcess({
      ...process.env,
      LOGIN_RATE_LIMIT_PER_ADDRESS: '1000000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000000',
      DATABASE_URL: a.db.url,
    });
    users = a.app.get(UserService);
    for (const username of ['steady', 'quiet', 'raced'])
      await factories(a.app).user({
        username,
        password: 'right-password',
        direction: 'pharma',
        country: 'ru',
      });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  const enabled = async (username: string) =>
    (
      await a.db.query<{ enabled: boolean }>(
        'SELECT "enabled" FROM "authkit_user" WHERE "username" = $1',
        [username],
      )
    )[0].enabled;

  it('when one scheme cannot end its credentials, every other still runs, the failures are reported, and nothing changes', async () => {
    const credentials = await signInEverywhere(a.baseUrl, 'steady', 'right-password');
    expect(credentials).toHaveLength(4);
    const before = await statusesOf(a.baseUrl, credentials);
    expect(before).toEqual(everyStatus(before, 200));
    let failing = true;
    let ranAfterTheFailure = 0;
    const store = a.app.get(UserStore);
    store.onUserDisabled(async (_user, manager) => {
      if (failing) await manager!.query('SELECT 1 / 0');
    });
    store.onUserDisabled(async () => void ranAfterTheFailure++);

    await expect(users.setEnabled('steady', false)).rejects.toThrow(AggregateError);
    expect(ranAfterTheFailure).toBe(1);
    expect(await enabled('steady')).toBe(true);
    a.clock.advance(CACHE_MAX_AGE_MS);
    for (const base of [a.baseUrl, b.baseUrl])
      expect(await statusesOf(base, credentials)).toEqual(before);

    failing = false;
    await users.setEnabled('steady', false);
    for (const base of [a.baseUrl, b.baseUrl])
      expect(await statusesOf(base, credentials)).toEqual(everyStatus(before, 401));
  });

  it('commits the disable even when the revocation notice fails; caches drop the user within their max age; enabling brings nothing back', async () => {
    const credentials = await signInEverywhere(a.baseUrl, 'quiet', 'right-password');
    expect(credentials).toHaveLength(4);
    const bus = a.app.get(RevocationBus);
    const revoke = jest.spyOn(bus, 'revoke').mockRejectedValueOnce(new Error('bus down'));
    try {
      await users.setEnabled('quiet', false);
    } finally {
      revoke.mockRestore();
    }
    expect(await enabled('quiet')).toBe(false);
    const rows = await a.db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM "password_login_token" WHERE "user_id" = $1) + (SELECT count(*) FROM "partner_session" WHERE "user_id" = $1)
            + (SELECT count(*) FROM "session_jwt_session" WHERE "user_id" = $1 AND "closed_at" IS NULL) + (SELECT count(*) FROM "token_realm_family" WHERE "user_id" = $1 AND "revoked_at" IS NULL) AS n`,
      [String((await users.findByUsername('quiet'))!.id)],
    );
    expect(Number(rows[0].n)).toBe(0);
    a.clock.advance(CACHE_MAX_AGE_MS);
    const after = await statusesOf(a.baseUrl, credentials);
    expect(after).toEqual(everyStatus(after, 401));
    await users.setEnabled('quiet', true);
    for (const base of [a.baseUrl, b.baseUrl])
      expect(await statusesOf(base, credentials)).toEqual(everyStatus(after, 401));
  });

  it('logins racing the disable on both instances: nothing they opened works after it, nor after the user is enabled again', async () => {
    const opened: Credential[] = [];
    let racing = true;
    const racer = async (base: string) => {
      while (racing)
        opened.push(...(await signInEverywhere(base, 'raced', 'right-password').catch(() => [])));
    };
    const racers = [a.baseUrl, b.baseUrl].map(racer);
    // Disable only once both instances have opened credentials (a loaded CI
    // machine can take seconds per round of argon2 logins), so the race is real.
    const deadline = Date.now() + 30_000;
    while (opened.length < 8 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await users.setEnabled('raced', false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    racing = false;
    await Promise.all(racers);
    const minted = opened;
    expect(minted.length).toBeGreaterThan(4);
    for (const base of [a.baseUrl, b.baseUrl])
      expect((await statusesOf(base, minted)).filter(([, status]) => status !== 401)).toEqual([]);
    await users.setEnabled('raced', true);
    for (const base of [a.baseUrl, b.baseUrl])
      expect((await statusesOf(base, minted)).filter(([, status]) => status !== 401)).toEqual([]);
  });
});
