import { expectApiError, request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

describe('demo app: error shape, body limits and health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'health' });
  });
  afterAll(() => t.close());

  it('GET /health is 200 while the database is up', async () => {
    const result = await request(`${t.baseUrl}/health`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      status: 'ok',
      database: 'up',
      revocations: 'up',
      signing_keys: 'up',
    });
  });

  it('answers malformed JSON with 400 malformed_json and no stack trace', async () => {
    const result = await request(`${t.baseUrl}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": ',
    });
    expectApiError(result, 400, 'malformed_json');
    expect(result.body.message).toBe('The request body is not valid JSON');
  });

  it('answers an oversized body with 413 payload_too_large', async () => {
    const result = await request(`${t.baseUrl}/health`, { body: { blob: 'x'.repeat(200_000) } });
    expectApiError(result, 413, 'payload_too_large');
  });

  it("answers oversized request headers with 431 (Node's 16 KiB header limit), before any route runs", async () => {
    const result = await request(`${t.baseUrl}/api/user/me`, {
      headers: { Authorization: `Bearer ${'x'.repeat(20_000)}` },
    });
    expect(result.status).toBe(431);
    expect((await request(`${t.baseUrl}/health`)).status).toBe(200);
  });

  it('answers an unsupported charset with 415', async () => {
    const result = await request(`${t.baseUrl}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=klingon' },
      body: '{}',
    });
    expectApiError(result, 415, 'unsupported_media_type');
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    expectApiError(await request(`${t.baseUrl}/no-such-route`), 404, 'not_found');
  });

  it("does not mount the benchmark's reference routes unless DEMO_BENCH_ROUTES=1", async () => {
    expectApiError(await request(`${t.baseUrl}/bench/open`), 404, 'not_found');
    expectApiError(await request(`${t.baseUrl}/bench/passport-noop`), 404, 'not_found');
  });

  it('serves the OpenAPI UI at /docs', async () => {
    const result = await request(`${t.baseUrl}/docs`);
    expect(result.status).toBe(200);
    expect(result.text.toLowerCase()).toContain('swagger');
  });

  it("declares every mounted scheme's security schemes in the OpenAPI document (one addAuthkitSecurity call)", async () => {
    const document = await request(`${t.baseUrl}/docs-json`);
    expect(Object.keys(document.body.components.securitySchemes).sort()).toEqual(
      [
        'X-Access-Token',
        'X-Site',
        'X-Site-Access-Token',
        'X-Site-Token',
        'partner-session',
        'password-login',
        'session-basic',
        'session-bearer',
      ].sort(),
    );
  });

  it('GET /health goes to 503 when the database goes away, and back to 200 by itself', async () => {
    await t.db.admin(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS false`);
    await t.db.admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [t.db.name],
    );
    try {
      const down = await request(`${t.baseUrl}/health`);
      expectApiError(down, 503, 'database_unavailable');
      expect(down.headers.get('retry-after')).toBe('1');
    } finally {
      await t.db.admin(`ALTER DATABASE "${t.db.name}" ALLOW_CONNECTIONS true`);
    }
    expect((await request(`${t.baseUrl}/health`)).status).toBe(200);
  });
});
