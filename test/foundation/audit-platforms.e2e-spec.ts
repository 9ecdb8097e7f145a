import { AuthAudit } from '@authkit/core';
import { ApiAppService } from '@authkit/token-realm';
import { request } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * The same requests write the same audit rows on Express and on Fastify: the
 * login endpoints' scheme names the route's pattern on both (Fastify's rows
 * used to say `login:undefined`), with the same principal, outcome and reason.
 */
describe('audit rows are the same on Express and Fastify', () => {
  const apps: Partial<Record<'express' | 'fastify', TestApp>> = {};

  afterAll(async () => {
    for (const app of Object.values(apps)) await app?.close();
  });

  async function rowsAfterTheSameRequests(platform: 'express' | 'fastify'): Promise<string[]> {
    const t = (apps[platform] = await startTestApp({ label: `audit_${platform}`, platform }));
    await factories(t.app).user({
      username: 'alice',
      password: 'alice-password',
      direction: 'pharma',
      country: 'ru',
    });
    const { app, secret } = await t.app.get(ApiAppService).create('audit-app');
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(`${t.baseUrl}${path}`, { headers, body });
    await post(
      '/api/user/login',
      { username: 'alice', password: 'alice-password', direction: 'pharma' },
      { country: 'ru' },
    );
    await post(
      '/api/user/login',
      { username: 'alice', password: 'wrong', direction: 'pharma' },
      { country: 'ru' },
    );
    await post(
      '/api/users/login',
      { username: 'nobody', password: 'wrong', direction: 'pharma' },
      { country: 'ru' },
    );
    await post('/snipe/access_token', { login: 'alice', password: 'alice-password' });
    await post('/snipe/access_token', { login: 'alice', password: 'wrong' });
    await post('/roomink/access_token', { app_id: app.id, app_secret: secret });
    await post('/roomink/access_token', { app_id: app.id, app_secret: 'wrong' });
    await post(
      '/grpc',
      {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'alice', password: 'wrong' },
      },
      {
        Authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}`,
      },
    );
    await post('/jsonrpc', {
      jsonrpc: '2.0',
      id: 1,
      method: 'Core.login',
      params: { username: 'alice', password: 'wrong' },
    });
    await t.app.get(AuthAudit).flush();
    const rows = await t.db.query<{
      scheme: string;
      principal: string | null;
      outcome: string;
      reason: string | null;
    }>('SELECT scheme, principal, outcome, reason FROM auth_audit_log ORDER BY id');
    return rows.map((row) => `${row.scheme} ${row.principal} ${row.outcome} ${row.reason}`);
  }

  it('names every login endpoint by its route on both platforms, row for row', async () => {
    const onExpress = await rowsAfterTheSameRequests('express');
    const onFastify = await rowsAfterTheSameRequests('fastify');
    expect(onExpress.length).toBeGreaterThanOrEqual(9);
    expect(onExpress.join('\n')).not.toContain('undefined');
    expect(onExpress.filter((row) => row.startsWith('login:/api/user/login ')).length).toBe(2);
    expect(onExpress.some((row) => row.startsWith('login:/snipe/access_token '))).toBe(true);
    expect(onFastify).toEqual(onExpress);
  });
});
