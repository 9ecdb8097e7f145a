import fc from 'fast-check';
import { UserService } from '@authkit/identity';
import { ApiCodeService } from '@authkit/partner-login';
import { SiteAdminService } from '@authkit/saas-site';
import { ApiAppService } from '@authkit/token-realm';
import { rawRequest, RawRequest, RawResponse } from '../support/raw-http';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Property-based fuzzing of every public route and JSON-RPC and /grpc
 * method, over raw sockets (so headers can be empty, huge, non-ASCII,
 * control bytes, repeated). Whatever arrives: never a 5xx, never a stack
 * trace or a secret in the answer, and the auth tables are unchanged after.
 */
const AUTH_TABLES = [
  'authkit_user',
  'saas_team',
  'saas_site',
  'saas_site_access_token',
  'password_login_token',
  'partner_api_code',
  'partner_session',
  'partner_used_login_token',
  'token_realm_app',
  'token_realm_family',
  'token_realm_access_token',
  'token_realm_refresh_token',
  'session_jwt_session',
  'session_jwt_signing_key',
];

const ROUTES: Array<[string, string]> = [
  ['POST', '/api/user/login'],
  ['GET', '/api/user/me'],
  ['POST', '/api/method/jcloude.saas.api.auth.generate_access_token'],
  ['GET', '/api/method/jcloude.saas.api.hello'],
  ['POST', '/api/method/jcloude.saas.api.hello'],
  ['GET', '/api/method/jcloude.saas.api.site.info'],
  ['GET', '/api/method/jcloude.saas.api.team.info'],
  ['POST', '/jsonrpc'],
  ['GET', '/jsonrpc/me'],
  ['POST', '/snipe/access_token'],
  ['POST', '/snipe/refresh_token'],
  ['POST', '/snipe/revoke_token'],
  ['GET', '/snipe/me'],
  ['POST', '/roomink/access_token'],
  ['POST', '/roomink/refresh_token'],
  ['GET', '/roomink/me'],
  ['POST', '/grpc'],
  ['GET', '/grpc/whoami'],
  ['GET', '/.well-known/jwks.json'],
  ['GET', '/health'],
  ['GET', '/?token=abc&code=ACME'],
];

const HEADER_NAMES = [
  'authorization',
  'Authorization',
  'x-site',
  'x-site-token',
  'x-site-access-token',
  'x-access-token',
  'content-type',
  'country',
  'x-forwarded-for',
  'accept',
  'cookie',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=klingon',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  '*/*',
];

/** Any bytes but CR and LF (they would end the header), as a latin1 string; sometimes huge. */
const headerValue = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 13 && b !== 10)).toString('latin1')),
  fc.constantFrom('Bearer ', 'Basic ', 'Bearer login_', 'Basic Og==', 'Bearer a.b.c', 'eyJhbGciOiJub25lIn0.e30.', 'x:y', 'site_'),
  fc.tuple(fc.constantFrom('Bearer ', 'Basic ', ''), fc.string({ maxLength: 80 })).map(([scheme, rest]) => scheme + rest),
  fc.nat({ max: 12_000 }).map((length) => 'A'.repeat(length)),
);

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from('{"username":')),
);

const anyRequest: fc.Arbitrary<RawRequest> = fc.record({
  route: fc.constantFrom(...ROUTES),
  headers: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/)), headerValue), { maxLength: 6 }),
  contentType: fc.option(fc.constantFrom(...CONTENT_TYPES)),
  body: fc.option(body),
}).map(({ route: [method, path], headers, contentType, body: payload }) => ({
  method,
  path,
  headers: contentType === null ? headers : [['content-type', contentType] as [string, string], ...headers],
  body: payload ?? undefined,
}));

/** JSON-RPC calls (single, batch, notification) with method names and params from the real ones and from anywhere. */
const jsonRpcCall = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue()),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.jsonValue()),
    method: fc.oneof(fc.constantFrom('Core.login', 'Core.token_login', 'Core.whoami', 'Core.logout', 'rpc.discover'), fc.string({ maxLength: 20 }), fc.jsonValue()),
    params: fc.oneof(
      fc.record({ username: fc.jsonValue(), password: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ token_: fc.oneof(fc.string({ maxLength: 120 }), fc.jsonValue()), code_: fc.oneof(fc.constant('FUZZ01'), fc.jsonValue()) }, { requiredKeys: [] }),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const jsonRpcRequest: fc.Arbitrary<RawRequest> = fc
  .tuple(fc.oneof(jsonRpcCall, fc.array(jsonRpcCall, { maxLength: 5 })), fc.array(fc.tuple(fc.constantFrom('authorization', 'content-type'), headerValue), { maxLength: 2 }))
  .map(([payload, headers]) => ({ method: 'POST', path: '/jsonrpc', headers: [['content-type', 'application/json'], ...headers], body: Buffer.from(JSON.stringify(payload)) }));

describe('hostile input on every route (property-based)', () => {
  let t: TestApp;
  let secrets: string[];
  let grpcBasic: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'fuzz' });
    const users = t.app.get(UserService);
    await users.create({ username: 'fuzz', password: 'fuzz-user-password', direction: 'pharma', country: 'ru' });
    const sites = t.app.get(SiteAdminService);
    await sites.createTeam('fuzz-team', 'fuzz');
    const site = await sites.createSite('fuzz.example.com', 'fuzz-team');
    const app = await t.app.get(ApiAppService).create('fuzz-app');
    const apiCode = await t.app.get(ApiCodeService).create('FUZZ01');
    secrets = ['fuzz-user-password', site.secret, app.secret, apiCode.secret, process.env.MASTER_SECRET as string];
    grpcBasic = `Basic ${Buffer.from('fuzz:fuzz-user-password').toString('base64')}`;
    // The first signing key is made on first use: make it now, so that the tables are settled before the runs.
    expect((await rawRequest(t.baseUrl, { method: 'GET', path: '/.well-known/jwks.json', headers: [] })).status).toBe(200);
  });
  afterAll(() => t.close());

  /** Row counts and a digest of every auth table's contents. */
  async function fingerprint(): Promise<string> {
    const parts = AUTH_TABLES.map((table) => `SELECT '${table}' AS t, count(*) AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h FROM "${table}" x`);
    return JSON.stringify(await t.db.query(parts.join(' UNION ALL ')));
  }

  function expectSafeAnswer(sent: RawRequest, answer: RawResponse): void {
    const where = `${sent.method} ${sent.path} -> ${answer.status}`;
    expect({ where, serverError: answer.status >= 500 && answer.status !== 503 }).toEqual({ where, serverError: false });
    expect(answer.status).not.toBe(503);
    expect(answer.body).not.toMatch(/\bat [^\s]+ \(?[^\s]*\.(js|ts):\d+/);
    for (const secret of secrets) expect(answer.body).not.toContain(secret);
  }

  async function checkUnchanged(requests: fc.Arbitrary<RawRequest>, numRuns: number): Promise<void> {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(requests, async (sent) => {
        expectSafeAnswer(sent, await rawRequest(t.baseUrl, sent));
        expect(await fingerprint()).toBe(before);
      }),
      { numRuns },
    );
  }

  it('any route, headers, content type and body', () => checkUnchanged(anyRequest, 400));

  it('any JSON-RPC call or batch', () => checkUnchanged(jsonRpcRequest, 300));

  it('any /grpc method and data, anonymous, with garbage credentials, or with valid Basic credentials', () =>
    checkUnchanged(
      fc
        .record({
          method: fc.oneof(
            fc.constantFrom(
              'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
              'axxonsoft.bl.auth.AuthenticationService.RenewSession',
              'axxonsoft.bl.auth.AuthenticationService.CloseSession',
            ),
            fc.jsonValue(),
          ),
          data: fc.oneof(fc.record({ user_name: fc.jsonValue(), password: fc.jsonValue() }, { requiredKeys: [] }), fc.jsonValue()),
          authorization: fc.oneof(fc.constant(grpcBasic), headerValue),
        })
        .map(({ method, data, authorization }) => ({
          method: 'POST',
          path: '/grpc',
          headers: [['content-type', 'application/json'], ['authorization', authorization]] as Array<[string, string]>,
          body: Buffer.from(JSON.stringify({ method, data })),
        })),
      300,
    ));
});
