import { Logger } from '@nestjs/common';
import { request } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Behind a proxy the app does not trust, every client has the proxy's address
 * and shares its rate limits. The app says so, once, when it sees requests
 * carrying X-Forwarded-For from an untrusted peer; never when the proxy is trusted.
 */
describe('a warning when requests come through an untrusted proxy', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  async function warningsAfterLogins(trustProxy: false | string): Promise<string[]> {
    const t = await startTestApp({
      label: `xff_${trustProxy || 'untrusted'}`,
      settings: { trustProxy },
    });
    apps.push(t);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        await request(`${t.baseUrl}/snipe/access_token`, {
          headers: { 'X-Forwarded-For': `203.0.113.${attempt + 1}` },
          body: { login: 'nobody', password: 'x' },
        });
      }
      return warn.mock.calls
        .map(([message]) => String(message))
        .filter((message) => message.includes('X-Forwarded-For'));
    } finally {
      warn.mockRestore();
    }
  }

  it('warns once, naming the setting, when the proxy is not trusted', async () => {
    const warnings = await warningsAfterLogins(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('trust proxy');
    expect(warnings[0]).not.toContain('203.0.113');
  });

  it('says nothing when the proxy is trusted', async () => {
    expect(await warningsAfterLogins('loopback')).toEqual([]);
  });
});
