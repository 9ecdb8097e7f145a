import { existsSync } from 'node:fs';
import { ApiCodeService, makeLoginToken } from '@authkit/partner-login';
import { type Browser, chromium } from 'playwright-core';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * Seed 002's browser sign-in in a real headless Chromium (Debian's package,
 * driven by playwright-core). `.ci/run` installs Chromium and sets
 * AUTHKIT_REQUIRE_BROWSER=1, so there a missing browser fails the run; on a
 * machine without Chromium `npm test` skips these tests and says so.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.AUTHKIT_REQUIRE_BROWSER === '1') {
  throw new Error(
    `AUTHKIT_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}
// eslint-disable-next-line no-console -- say why the suite is skipped
if (!available) console.warn(`Skipping the browser sign-in tests: no Chromium at ${CHROMIUM}`);

(available ? describe : describe.skip)(
  'scheme 3: browser sign-in through /?token=...&code=... in headless Chromium',
  () => {
    let t: TestApp;
    let browser: Browser;
    let code: { code: string; secret: string };

    beforeAll(async () => {
      t = await startTestApp({ label: 'browser_signin' });
      await factories(t.app).user({ username: 'ayse', password: 'pw' });
      code = await t.app.get(ApiCodeService).create('ACME01');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const loginToken = (username = 'ayse') =>
      makeLoginToken(
        { username, exp: Math.floor(t.clock.now().getTime() / 1000) + 3, remote_ip: '127.0.0.1' },
        code.code,
        code.secret,
      );

    async function open(path: string) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const referers: string[] = [];
      page.on('request', (request) => {
        const referer = request.headers().referer;
        if (referer) referers.push(referer);
      });
      await page.goto(`${t.baseUrl}${path}`);
      await page.waitForSelector('body[data-signed-in], body[data-signed-out]');
      return { page, context, referers };
    }

    it('signs in from the query form, shows home, and removes the token from the address bar', async () => {
      const { page, context, referers } = await open(`/?token=${loginToken()}&code=${code.code}`);
      expect(await page.getAttribute('body', 'data-signed-in')).toBe('ayse');
      expect(await page.textContent('#status')).toBe('Signed in as ayse');
      expect(await page.isVisible('section[data-page="home"]')).toBe(true);
      expect(page.url()).toBe(`${t.baseUrl}/`);
      expect(referers.filter((referer) => referer.includes('token='))).toEqual([]);
      // The session survives a reload of the tab, without the token.
      await page.reload();
      await page.waitForSelector('body[data-signed-in]');
      expect(await page.textContent('#status')).toBe('Signed in as ayse');
      await context.close();
    });

    it('signs in from the fragment form and shows the requested page', async () => {
      const { page, context } = await open(`/#inboxes?token=${loginToken()}&code=${code.code}`);
      expect(await page.getAttribute('body', 'data-signed-in')).toBe('ayse');
      expect(await page.getAttribute('body', 'data-page')).toBe('inboxes');
      expect(await page.isVisible('section[data-page="inboxes"] .username')).toBe(true);
      expect(await page.textContent('section[data-page="inboxes"] .username')).toBe('ayse');
      expect(page.url()).toBe(`${t.baseUrl}/#inboxes`);
      await context.close();
    });

    it('stays signed out with a replayed, forged or missing token', async () => {
      const token = loginToken();
      const first = await open(`/?token=${token}&code=${code.code}`);
      expect(await first.page.getAttribute('body', 'data-signed-in')).toBe('ayse');
      await first.context.close();
      for (const path of [
        `/?token=${token}&code=${code.code}`,
        `/#home?token=forged&code=${code.code}`,
        '/',
      ]) {
        const { page, context } = await open(path);
        expect(await page.getAttribute('body', 'data-signed-in')).toBeNull();
        expect(await page.isVisible('#signed-out')).toBe(true);
        expect(page.url()).not.toContain('token=');
        await context.close();
      }
    });
  },
);
