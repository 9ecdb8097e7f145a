import { revocationMessages } from '@authkit/core/internal';
import { runCli } from '../support/demo-process';
import { request } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { factories } from '../support/factories';
import { signInEverywhere } from '../support/every-scheme';

/**
 * `user disable` ends every scheme's credentials, however many the user holds:
 * revocation notices stay under the transport's size limit (PostgreSQL's NOTIFY
 * takes under 8,000 bytes; one tag per token family overflowed it at about 154
 * families), every scheme's listener runs even if another fails, and after
 * `user enable` nothing from before the disable comes back.
 */
const FAMILIES = 200;

describe('disabling a user with many token families is durable', () => {
  let t: TestApp;
  const credentials: Array<[string, Record<string, string>]> = [];

  beforeAll(async () => {
    t = await startTestApp({ label: 'disable_many' });
    await factories(t.app).user({
      username: 'busy',
      password: 'busy-password',
      direction: 'pharma',
      country: 'ru',
    });
    const realmTokens: string[] = [];
    // A few at a time: more would wait past a second for a hashing slot, and be shed with 503.
    for (let batch = 0; batch < FAMILIES / 4; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          request(`${t.baseUrl}/snipe/access_token`, {
            body: { login: 'busy', password: 'busy-password' },
          }),
        ),
      );
      for (const answer of answers) realmTokens.push(answer.body.access_token);
    }
    expect(new Set(realmTokens).size).toBe(FAMILIES);
    credentials.push(
      ['/snipe/me', { 'X-Access-Token': realmTokens[0] }],
      ['/snipe/me', { 'X-Access-Token': realmTokens[FAMILIES - 1] }],
    );
    const everywhere = await signInEverywhere(t.baseUrl, 'busy', 'busy-password');
    expect(everywhere).toHaveLength(4);
    credentials.push(...everywhere);
    for (const [path, headers] of credentials)
      expect([path, (await request(`${t.baseUrl}${path}`, { headers })).status]).toEqual([
        path,
        200,
      ]);
  }, 120_000);
  afterAll(() => t?.close());

  it('splits the revocation of every family into notices under 8,000 bytes each', () => {
    const tags = Array.from(
      { length: FAMILIES },
      (_, index) => `token-realm:family:${String(index).padStart(36, '0')}`,
    );
    const messages = revocationMessages(tags);
    expect(messages.flat()).toEqual(tags);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages)
      expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(8_000);
  });

  it('user disable succeeds through the CLI and ends every scheme; user enable brings none of it back', async () => {
    const env = { ...process.env, DATABASE_URL: t.db.url };
    const disabled = await runCli(['user', 'disable', '--username', 'busy', '--json'], env);
    expect([disabled.status, disabled.stderr]).toEqual([0, '']);
    for (const [path, headers] of credentials)
      expect([path, (await request(`${t.baseUrl}${path}`, { headers })).status]).toEqual([
        path,
        401,
      ]);

    const enabled = await runCli(['user', 'enable', '--username', 'busy', '--json'], env);
    expect([enabled.status, JSON.parse(enabled.stdout)]).toEqual([
      0,
      { id: expect.any(Number), enabled: true },
    ]);
    for (const [path, headers] of credentials)
      expect([path, (await request(`${t.baseUrl}${path}`, { headers })).status]).toEqual([
        path,
        401,
      ]);
    const live = await t.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM token_realm_family WHERE revoked_at IS NULL',
    );
    expect(Number(live[0].n)).toBe(0);
    // The user signs in anew.
    const again = await request(`${t.baseUrl}/snipe/access_token`, {
      body: { login: 'busy', password: 'busy-password' },
    });
    expect(again.status).toBe(200);
  });
});
