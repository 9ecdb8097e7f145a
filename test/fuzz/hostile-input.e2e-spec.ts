import fc from 'fast-check';
import { ApiCodeService } from '@authkit/partner-login';
import { ApiAppService } from '@authkit/token-realm';
import { rawRequest, RawRequest, RawResponse } from '../support/raw-http';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * Property-based fuzzing of every public route and JSON-RPC and /grpc
 * method, over raw sockets (so headers can be empty, huge, non-ASCII,
 * control bytes, repeated). Whatever arrives: never a 5xx, never a stack
 * trace or a secret in the answer, and the auth tables are unchanged after.
 */
const AUTH_TABLES = [
  'authkit_user',
  'authkit_role',
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
  ['GET', '/api/method/jcloude.saas.api.write_probe'],
  ['POST', '/api/method/jcloude.saas.api.write_probe'],
  ['GET', '/metrics'],
  ['POST', '/jsonrpc'],
  ['GET', '/jsonrpc/me'],
  ['POST', '/snipe/access_token'],
  ['POST', '/snipe/refresh_token'],
  ['POST', '/snipe/revoke_token'],
  ['POST', '/snipe/introspect'],
  ['POST', '/snipe/revoke'],
  ['GET', '/snipe/me'],
  ['POST', '/roomink/access_token'],
  ['POST', '/roomink/refresh_token'],
  ['GET', '/roomink/me'],
  ['POST', '/roomink/introspect'],
  ['POST', '/roomink/revoke'],
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

/** Text with NUL, other control characters and lone surrogates spliced in: what PostgreSQL and lookups choke on. */
const hostileChar = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0008',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u2028',
  '\ufeff',
  '\uffff',
);
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc
    .tuple(
      fc.string({ maxLength: 12 }),
      fc.array(hostileChar, { minLength: 1, maxLength: 3 }),
      fc.string({ maxLength: 12 }),
    )
    .map(([before, chars, after]) => before + chars.join('') + after),
  fc.constantFrom('fuzz', 'FUZZ01', 'fuzz.example.com', 'fuzz\u0000', '\u0000'),
);
/** A hostile string inside arrays and objects nested `depth` deep (around the 32-level limit, or far past it; deep-json's suite goes to 15,000). */
const deeplyNested = fc
  .tuple(
    fc.oneof(fc.integer({ min: 28, max: 40 }), fc.integer({ min: 100, max: 2_000 })),
    hostileString,
  )
  .map(([depth, leaf]) => {
    let value: unknown = leaf;
    for (let level = 1; level <= depth; level++) value = level % 2 === 0 ? { k: value } : [value];
    return value;
  });
/** A value for a field: mostly hostile strings, sometimes any JSON, sometimes deep nesting. */
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  { weight: 1, arbitrary: deeplyNested },
);

/** Any bytes but CR and LF (they would end the header), as a latin1 string; sometimes huge. */
const headerValue = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 60 }),
  fc
    .uint8Array({ maxLength: 60 })
    .map((bytes) => Buffer.from(bytes.filter((b) => b !== 13 && b !== 10)).toString('latin1')),
  fc.constantFrom(
    'Bearer ',
    'Basic ',
    'Bearer login_',
    'Basic Og==',
    'Bearer a.b.c',
    'eyJhbGciOiJub25lIn0.e30.',
    'x:y',
    'site_',
  ),
  fc
    .tuple(fc.constantFrom('Bearer ', 'Basic ', ''), fc.string({ maxLength: 80 }))
    .map(([scheme, rest]) => scheme + rest),
  fc.nat({ max: 12_000 }).map((length) => 'A'.repeat(length)),
);

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  deeplyNested.map((value) => Buffer.from(JSON.stringify(value))),
  fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from('{"username":')),
);

const anyRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    headers: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...HEADER_NAMES),
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
        ),
        headerValue,
      ),
      { maxLength: 6 },
    ),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES)),
    body: fc.option(body),
  })
  .map(({ route: [method, path], headers, contentType, body: payload }) => ({
    method,
    path,
    headers:
      contentType === null
        ? headers
        : [['content-type', contentType] as [string, string], ...headers],
    body: payload ?? undefined,
  }));

/** JSON-RPC calls (single, batch, notification) with method names and params from the real ones and from anywhere. */
const jsonRpcCall = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue()),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.jsonValue()),
    method: fc.oneof(
      fc.constantFrom(
        'Core.login',
        'Core.token_login',
        'Core.whoami',
        'Core.logout',
        'rpc.discover',
      ),
      fc.string({ maxLength: 20 }),
      fc.jsonValue(),
    ),
    params: fc.oneof(
      fc.record({ username: fieldValue, password: fieldValue }, { requiredKeys: [] }),
      fc.record(
        {
          token_: fc.oneof(fc.string({ maxLength: 120 }), fieldValue),
          code_: fc.oneof(fc.constant('FUZZ01'), fieldValue),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const jsonRpcRequest: fc.Arbitrary<RawRequest> = fc
  .tuple(
    fc.oneof(jsonRpcCall, fc.array(jsonRpcCall, { maxLength: 5 })),
    fc.array(fc.tuple(fc.constantFrom('authorization', 'content-type'), headerValue), {
      maxLength: 2,
    }),
  )
  .map(([payload, headers]) => ({
    method: 'POST',
    path: '/jsonrpc',
    headers: [['content-type', 'application/json'], ...headers],
    body: Buffer.from(JSON.stringify(payload)),
  }));

/** Every string field the login and token endpoints read, filled with hostile strings. */
const LOGIN_FIELDS: Record<string, string[]> = {
  '/api/user/login': ['username', 'password', 'direction'],
  '/api/users/login': ['username', 'password', 'direction'],
  '/snipe/access_token': ['login', 'email', 'password', 'app_id', 'app_secret'],
  '/roomink/access_token': ['app_id', 'app_secret', 'login'],
  '/snipe/refresh_token': ['refresh_token'],
  '/roomink/revoke_token': ['token'],
  '/snipe/introspect': ['token', 'token_type_hint'],
  '/roomink/revoke': ['token', 'token_type_hint'],
};

/** UTF-8 bytes, percent-encoded (a lone surrogate goes as U+FFFD, as any encoder sends it). */
const formEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const hostileFieldRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    path: fc.constantFrom(...Object.keys(LOGIN_FIELDS)),
    values: fc.array(fieldValue, { minLength: 5, maxLength: 5 }),
    form: fc.boolean(),
    country: fc.oneof(
      fc.constant('ru'),
      fc
        .uint8Array({ minLength: 1, maxLength: 6 })
        .map((bytes) => Buffer.from(bytes.filter((b) => b > 13 || b === 9)).toString('latin1')),
    ),
  })
  .map(({ path, values, form, country }) => {
    const fields = Object.fromEntries(
      LOGIN_FIELDS[path].map((name, index) => [name, values[index]]),
    );
    const body = form
      ? Object.entries(fields)
          .map(
            ([name, value]) =>
              `${name}=${formEncode(typeof value === 'string' ? value : JSON.stringify(value))}`,
          )
          .join('&')
      : JSON.stringify(fields);
    const contentType = form
      ? 'application/x-www-form-urlencoded'
      : 'application/json; charset=utf-8';
    return {
      method: 'POST',
      path,
      headers: [
        ['content-type', contentType],
        ['country', country],
      ] as Array<[string, string]>,
      body: Buffer.from(body),
    };
  });

/** Basic credentials whose user name and password are hostile strings (UTF-8, then base64). */
const hostileBasic = fc
  .tuple(hostileString, hostileString)
  .map(
    ([user, password]) =>
      `Basic ${Buffer.from(`${user.replace(/:/g, '')}:${password}`, 'utf8').toString('base64')}`,
  );

describe('hostile input on every route (property-based)', () => {
  let t: TestApp;
  let secrets: string[];
  let grpcBasic: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'fuzz' });
    const given = factories(t.app);
    await given.user({
      username: 'fuzz',
      password: 'fuzz-user-password',
      direction: 'pharma',
      country: 'ru',
    });
    const site = await given.site('fuzz.example.com', 'fuzz', 'fuzz-team');
    const app = await t.app.get(ApiAppService).create('fuzz-app');
    const apiCode = await t.app.get(ApiCodeService).create('FUZZ01');
    secrets = [
      'fuzz-user-password',
      site.secret,
      app.secret,
      apiCode.secret,
      process.env.MASTER_SECRET as string,
    ];
    grpcBasic = `Basic ${Buffer.from('fuzz:fuzz-user-password').toString('base64')}`;
    // The first signing key is made on first use: make it now, so that the tables are settled before the runs.
    expect(
      (await rawRequest(t.baseUrl, { method: 'GET', path: '/.well-known/jwks.json', headers: [] }))
        .status,
    ).toBe(200);
  });
  afterAll(() => t.close());

  /** Row counts and a digest of every auth table's contents. */
  async function fingerprint(): Promise<string> {
    const parts = AUTH_TABLES.map(
      (table) =>
        `SELECT '${table}' AS t, count(*) AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h FROM "${table}" x`,
    );
    return JSON.stringify(await t.db.query(parts.join(' UNION ALL ')));
  }

  function expectSafeAnswer(sent: RawRequest, answer: RawResponse): void {
    const where = `${sent.method} ${sent.path} -> ${answer.status}`;
    expect({ where, serverError: answer.status >= 500 && answer.status !== 503 }).toEqual({
      where,
      serverError: false,
    });
    expect(answer.status).not.toBe(503);
    expect(answer.body).not.toMatch(/\bat [^\s]+ \(?[^\s]*\.(js|ts):\d+/);
    for (const secret of secrets) expect(answer.body).not.toContain(secret);
  }

  async function checkUnchanged(
    requests: fc.Arbitrary<RawRequest>,
    numRuns: number,
  ): Promise<void> {
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

  it('NUL, control characters and lone surrogates in every string field of every login body, JSON or form', () =>
    checkUnchanged(hostileFieldRequest, 300));

  it('hostile Basic credentials and X-Site headers on the site key, session JWT and token-realm client routes', () =>
    checkUnchanged(
      fc
        .record({
          basic: hostileBasic,
          site: hostileString,
          path: fc.constantFrom(
            '/grpc/whoami',
            '/api/method/jcloude.saas.api.hello',
            '/snipe/introspect',
            '/roomink/revoke',
          ),
        })
        .map(({ basic, site, path }) => ({
          method: 'GET',
          path,
          // Header bytes go as latin1: what is not representable is replaced, as a client library would refuse to send it.
          headers: [
            ['authorization', basic],
            [
              'x-site',
              Buffer.from(site, 'utf8')
                .toString('latin1')
                .replace(/[\r\n]/g, ''),
            ],
            ['x-site-token', `site_${'a'.repeat(50)}`],
          ] as Array<[string, string]>,
        })),
      200,
    ));

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
          data: fc.oneof(
            fc.record({ user_name: fieldValue, password: fieldValue }, { requiredKeys: [] }),
            fc.jsonValue(),
          ),
          authorization: fc.oneof(fc.constant(grpcBasic), hostileBasic, headerValue),
        })
        .map(({ method, data, authorization }) => ({
          method: 'POST',
          path: '/grpc',
          headers: [
            ['content-type', 'application/json'],
            ['authorization', authorization],
          ] as Array<[string, string]>,
          body: Buffer.from(JSON.stringify({ method, data })),
        })),
      300,
    ));
});
