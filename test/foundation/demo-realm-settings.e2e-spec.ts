import { parseExpiresAt } from '@authkit/token-realm';
import { ApiAppService } from '@authkit/token-realm';
import { request } from '../support/http';
import { startTestApp } from '../support/test-app';
import { factories } from '../support/factories';

const HOUR = 60 * 60 * 1000;

describe('the demo: each token realm configured from its environment', () => {
  it('ROOMINK_ACCESS_TOKEN_TTL_SECONDS and ROOMINK_UTC_OFFSET_MINUTES shape that realm only', async () => {
    const t = await startTestApp({
      label: 'realm_env',
      env: { ROOMINK_ACCESS_TOKEN_TTL_SECONDS: '120', ROOMINK_UTC_OFFSET_MINUTES: '240' },
    });
    try {
      const created = await t.app.get(ApiAppService).create('configured front end');
      const roomink = await request(`${t.baseUrl}/roomink/access_token`, {
        body: { app_id: created.app.id, app_secret: created.secret },
      });
      expect(roomink.body.expires_at).toMatch(/ \+0400$/);
      expect(parseExpiresAt(roomink.body.expires_at).getTime()).toBe(
        t.clock.now().getTime() + 120_000,
      );
      await factories(t.app).user({ username: 'plain', password: 'plain-password' });
      const snipe = await request(`${t.baseUrl}/snipe/access_token`, {
        body: { login: 'plain', password: 'plain-password' },
      });
      expect(snipe.body.expires_at).toMatch(/ \+0000$/);
      expect(parseExpiresAt(snipe.body.expires_at).getTime()).toBe(t.clock.now().getTime() + HOUR);
    } finally {
      await t.close();
    }
  });
});
