import { AuthkitHealthIndicators } from '@authkit/core';
import { CredentialCache } from '@authkit/core/internal';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The revocation listener's connection can go silent without closing (a
 * half-open TCP connection: a dead NAT entry, a frozen peer). It never errors,
 * so only a heartbeat notices: the cache must stop serving, since notices
 * could be lost, and serve again once a new listener answers.
 */
describe('revocation listener heartbeat', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('heartbeat');
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    t = await startTestApp({
      db,
      databaseUrl: proxy.urlFor(db.url),
      env: { REVOCATION_HEARTBEAT_SECONDS: '1' },
    });
  });
  afterAll(async () => {
    proxy?.thaw();
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (!condition()) {
      if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Date.now() - started;
  }

  it('suspends the cache when the listening connection goes silent, and serves again once a listener answers', async () => {
    const cache = t.app.get(CredentialCache);
    await until(() => cache.serving, 5_000);
    proxy.freeze();
    // One period to notice the silence, one more for the unanswered check to time out.
    const suspendedAfter = await until(() => !cache.serving, 5_000);
    expect(suspendedAfter).toBeLessThan(3_000);
    proxy.thaw();
    await until(() => cache.serving, 10_000);
  });

  it('the health indicators say so: the listener down while it reconnects, the store down while it is silent, both up after', async () => {
    const health = t.app.get(AuthkitHealthIndicators);
    const cache = t.app.get(CredentialCache);
    await until(() => cache.serving, 5_000);
    const before = health.revocationListener().revocations;
    expect(before).toMatchObject({ status: 'up', listening: true });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a heartbeat answered since
    const beat = health.revocationListener().revocations.lastHeartbeatAt as string;
    expect(Date.parse(beat)).toBeGreaterThan(Date.parse(before.listeningSince as string));
    expect(await health.credentialStore()).toEqual({ credential_store: { status: 'up' } });

    proxy.freeze();
    await until(() => !cache.serving, 5_000);
    expect(health.revocationListener().revocations).toMatchObject({
      status: 'down',
      listening: false,
      listeningSince: null,
    });
    const started = Date.now();
    expect(await health.credentialStore('store', 300)).toEqual({
      store: { status: 'down', message: 'The database does not answer' },
    });
    expect(Date.now() - started).toBeLessThan(1_000);

    proxy.thaw();
    await until(() => cache.serving, 10_000);
    expect(health.revocationListener().revocations).toMatchObject({
      status: 'up',
      listening: true,
    });
    expect(await health.credentialStore()).toEqual({ credential_store: { status: 'up' } });
  });
});
