import { ApiCodeService } from '@authkit/partner-login';
import { runCli } from '../support/demo-process';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Instances sharing a database must share the master secret that seals the
 * secrets they use (API-code secrets, signing keys). One started with another
 * secret refuses to start, saying what to set, instead of answering 500s later.
 */
describe('one master secret for every instance of a database', () => {
  let first: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ label: 'master_secret' });
    await first.app.get(ApiCodeService).create('SEALED01');
    // The first signing key is made on first use.
    expect((await request(`${first.baseUrl}/.well-known/jwks.json`)).status).toBe(200);
  });
  afterAll(() => first.close());

  it('a second instance with another MASTER_SECRET refuses to start, naming MASTER_SECRET', async () => {
    await expect(
      startTestApp({
        db: first.db,
        env: { MASTER_SECRET: 'another master secret, also thirty-two bytes or more' },
      }),
    ).rejects.toThrow(/do not open with the configured master secret.*set MASTER_SECRET/s);
  });

  it('the CLI with another MASTER_SECRET refuses too, with the message and no stack', async () => {
    const result = await runCli(['api-code', 'create', '--code', 'OTHER01', '--json'], {
      ...process.env,
      DATABASE_URL: first.db.url,
      MASTER_SECRET: 'another master secret, also thirty-two bytes or more',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set MASTER_SECRET/);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('an instance with the same secret starts', async () => {
    const second = await startTestApp({ db: first.db });
    await second.close();
  });
});
