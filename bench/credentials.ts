import type { CliResult } from '../test/support/demo-process';

export interface Provisioned {
  userId: number;
  username: string;
  password: string;
  direction: string;
  siteName: string;
  siteToken: string;
  /** A site with a rate limit of its own that the bench never reaches: what counting costs. */
  limitedSiteName: string;
  limitedSiteToken: string;
  appId: number;
  appSecret: string;
  apiCode: string;
  apiCodeSecret: string;
}

export interface Credentials extends Provisioned {
  siteAccessToken: string;
  loginToken: string;
  rpcSessionToken: string;
  snipeAccessToken: string;
  roominkAccessToken: string;
  jwt: string;
}

/** What an operator would create, through the admin CLI (the same services, the same database). */
export async function provision(cli: (args: string[]) => Promise<CliResult>): Promise<Provisioned> {
  const run = async (...args: string[]) => {
    const result = await cli([...args, '--json']);
    if (result.status !== 0)
      throw new Error(
        `cli ${args.slice(0, 2).join(' ')} failed: ${result.stderr || result.stdout}`,
      );
    return JSON.parse(result.stdout);
  };
  const username = 'bench';
  const password = 'bench-password';
  const direction = 'pharma';
  const user = await run(
    'user',
    'create',
    '--username',
    username,
    '--password',
    password,
    '--direction',
    direction,
    '--country',
    'ru',
  );
  await run('team', 'create', '--name', 'bench-team', '--user', username);
  const site = await run('site', 'create', '--name', 'bench.example.com', '--team', 'bench-team');
  const limitedSite = await run(
    'site',
    'create',
    '--name',
    'limited.bench.example.com',
    '--team',
    'bench-team',
    '--rate-limit',
    '1000000000/1h',
  );
  const app = await run('app', 'create', '--name', 'bench-app');
  const apiCode = await run('api-code', 'create', '--code', 'BENCH01');
  return {
    userId: user.id,
    username,
    password,
    direction,
    siteName: site.name,
    siteToken: site.token,
    limitedSiteName: limitedSite.name,
    limitedSiteToken: limitedSite.token,
    appId: app.app_id,
    appSecret: app.app_secret,
    apiCode: apiCode.code,
    apiCodeSecret: apiCode.secret,
  };
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}`);
  return answer;
}

/** One credential of every kind, obtained over HTTP as a client would. */
export async function mintCredentials(baseUrl: string, p: Provisioned): Promise<Credentials> {
  const siteHeaders = { 'X-Site': p.siteName, 'X-Site-Token': p.siteToken };
  const siteAccess = await post(
    `${baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
    {},
    siteHeaders,
  );
  const login = await post(
    `${baseUrl}/api/user/login`,
    { username: p.username, password: p.password, direction: p.direction },
    { 'content-type': 'application/json; charset=utf-8', country: 'ru' },
  );
  const rpc = await post(`${baseUrl}/jsonrpc`, {
    jsonrpc: '2.0',
    id: 1,
    method: 'Core.login',
    params: { username: p.username, password: p.password },
  });
  const snipe = await post(`${baseUrl}/snipe/access_token`, {
    login: p.username,
    password: p.password,
  });
  const roomink = await post(`${baseUrl}/roomink/access_token`, {
    app_id: p.appId,
    app_secret: p.appSecret,
  });
  const basic = `Basic ${Buffer.from(`${p.username}:${p.password}`).toString('base64')}`;
  const session = await post(
    `${baseUrl}/grpc`,
    {
      method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
      data: { user_name: p.username, password: p.password },
    },
    { Authorization: basic },
  );
  return {
    ...p,
    siteAccessToken: String(siteAccess.message),
    loginToken: String(login.access_token),
    rpcSessionToken: String((rpc.result as { token: string }).token),
    snipeAccessToken: String(snipe.access_token),
    roominkAccessToken: String(roomink.access_token),
    jwt: String(session.token_value),
  };
}
