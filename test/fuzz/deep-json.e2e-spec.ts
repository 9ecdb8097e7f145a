import { jsonDepthExceeds, MAX_JSON_DEPTH } from '@authkit/core/internal';
import { rawRequest } from '../support/raw-http';
import { startTestApp, type TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * JSON nested deeper than 32 levels is refused with 400 before validation (JSON-RPC:
 * -32600), on every JSON entry point and both platforms: never the 500 of a
 * RangeError in class-transformer or the validation pipe, never a stack trace.
 */
const ENTRY_POINTS: Array<{ path: string; headers?: Array<[string, string]>; field: string }> = [
  { path: '/api/user/login', headers: [['country', 'ru']], field: 'username' },
  { path: '/api/users/login', headers: [['country', 'ru']], field: 'password' },
  { path: '/snipe/access_token', field: 'login' },
  { path: '/roomink/access_token', field: 'app_id' },
  { path: '/snipe/refresh_token', field: 'refresh_token' },
  { path: '/roomink/refresh_token', field: 'refresh_token' },
  { path: '/snipe/revoke_token', field: 'token' },
  { path: '/snipe/introspect', field: 'token' },
  { path: '/roomink/revoke', field: 'token' },
  { path: '/grpc', field: 'data' },
  { path: '/api/method/jcloude.saas.api.auth.generate_access_token', field: 'site' },
  { path: '/api/method/jcloude.saas.api.hello', field: 'anything' },
];

/** `depth` levels of arrays and objects, alternating, around a string: built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let level = 1; level <= depth; level++) value = level % 2 === 0 ? { k: value } : [value];
  return value;
}

/** The same as JSON text, written directly (JSON.stringify itself recurses, and fails on 15,000 levels). */
function nestedJson(depth: number): string {
  let open = '';
  let close = '';
  for (let level = depth; level >= 1; level--) {
    open += level % 2 === 0 ? '{"k":' : '[';
    close = (level % 2 === 0 ? '}' : ']') + close;
  }
  return `${open}"x"${close}`;
}

/** `{"field": <value>, ...rest}` as JSON text, the value `depth` levels deep. */
const deepBody = (field: string, depth: number, rest: Record<string, unknown> = {}) =>
  `{${JSON.stringify(field)}:${nestedJson(depth)}${Object.entries(rest)
    .map(([name, value]) => `,${JSON.stringify(name)}:${JSON.stringify(value)}`)
    .join('')}}`;

describe('deep JSON: unit', () => {
  it('counts arrays and objects, not scalars, and needs no recursion for any depth', () => {
    expect(jsonDepthExceeds('x')).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(nested(1_000_000))).toBe(true);
    expect(JSON.parse(nestedJson(5))).toEqual(nested(5));
    expect(jsonDepthExceeds({ a: [1, 2, { b: null }], c: 'd' }, 3)).toBe(false);
    expect(jsonDepthExceeds({ a: [1, 2, { b: [] }], c: 'd' }, 3)).toBe(true);
  });
});

describe.each(['express', 'fastify'] as const)('deep JSON on %s', (platform) => {
  let t: TestApp;
  let siteHeaders: Array<[string, string]>;

  beforeAll(async () => {
    t = await startTestApp({ label: `deep_json_${platform}`, platform });
    const given = factories(t.app);
    await given.user({
      username: 'deep',
      password: 'deep-password',
      direction: 'pharma',
      country: 'ru',
    });
    const site = await given.site('deep.example.com', 'deep', 'deep-team');
    siteHeaders = [
      ['x-site', 'deep.example.com'],
      ['x-site-token', site.secret],
    ];
  });
  afterAll(() => t?.close());

  const post = (path: string, body: unknown, headers: Array<[string, string]> = []) =>
    rawRequest(t.baseUrl, {
      method: 'POST',
      path,
      headers: [['content-type', 'application/json'], ...headers],
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    });

  it.each(ENTRY_POINTS)(
    '$path: 15,000 levels and 33 levels are a 400 naming the limit; 32 levels are not refused for their depth',
    async ({ path, headers = [], field }) => {
      const withSite = path.startsWith('/api/method/') ? siteHeaders : [];
      for (const depth of [15_000, MAX_JSON_DEPTH + 1]) {
        const answer = await post(path, deepBody(field, depth - 1), [...headers, ...withSite]);
        expect([path, depth, answer.status]).toEqual([path, depth, 400]);
        expect(answer.body).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
        expect(answer.body).not.toMatch(/RangeError|at \w+ \(|\.ts:\d+/);
      }
      const fine = await post(path, deepBody(field, MAX_JSON_DEPTH - 1), [...headers, ...withSite]);
      expect(fine.status).toBeLessThan(500);
      expect(fine.body).not.toContain('nested deeper');
    },
  );

  it('JSON-RPC: a deep call or batch is -32600 Invalid Request, at HTTP 200, and runs nothing', async () => {
    for (const payload of [
      `{"jsonrpc":"2.0","id":1,"method":"Core.login","params":${deepBody('username', 15_000, { password: 'x' })}}`,
      [
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'Core.login',
          params: { username: 'deep', password: nested(MAX_JSON_DEPTH - 2) },
        },
      ],
    ]) {
      const answer = await post('/jsonrpc', payload);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600 },
      });
    }
  });

  it('a flood of deep bodies on an unthrottled token route: every one a 400, none a 500', async () => {
    const answers = await Promise.all(
      Array.from({ length: 70 }, () =>
        post('/snipe/access_token', deepBody('login', 15_000, { password: 'x' })),
      ),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([400]));
  });
});
