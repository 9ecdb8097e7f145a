import { AuthAudit } from '@authkit/core';
import { request } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Requests that present no credential at all cost nobody an account, so they
 * must not grow the audit log a row at a time: they are counted per address,
 * scheme and minute, and written as one row with the count. A refusal of a
 * credential that was presented is still a row of its own.
 */
describe('anonymous refusals are aggregated in the audit log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'audit_anonymous' });
  });
  afterAll(() => t?.close());

  const rows = async (scheme: string) => {
    await t.app.get(AuthAudit).flush();
    return t.db.query<{ reason: string; occurrences: number; principal: string | null }>(
      'SELECT reason, occurrences, principal FROM auth_audit_log WHERE scheme = $1 ORDER BY id',
      [scheme],
    );
  };

  it('100 requests with no credential on each guarded scheme: one row per scheme, counting them all', async () => {
    const routes: Array<[string, string]> = [
      ['/api/user/me', 'password-login-bearer'],
      ['/snipe/me', 'token-realm:snipe'],
      ['/jsonrpc/me', 'partner-session'],
      ['/api/method/jcloude.saas.api.hello', 'saas-site-token|saas-site-access-token'],
    ];
    for (const [path] of routes) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, () =>
          request(`${t.baseUrl}${path}`, { headers: { 'X-Site': 'anonymous.example.com' } }),
        ),
      );
      expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([401]));
    }
    for (const [path, scheme] of routes) {
      const written = await rows(scheme);
      expect([path, written.length, written[0]?.occurrences, written[0]?.principal]).toEqual([
        path,
        1,
        100,
        null,
      ]);
    }
  });

  it('a refused credential is still one row per request', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        (
          await request(`${t.baseUrl}/snipe/me`, {
            headers: { 'X-Access-Token': `access_wrong${attempt}` },
          })
        ).status,
      ).toBe(401);
    }
    const written = await rows('token-realm:snipe');
    expect(written.map((row) => row.occurrences)).toEqual([100, 1, 1, 1, 1, 1]);
  });
});
