import { request } from './http';

/** A guarded path and the headers that pass it. */
export type Credential = [path: string, headers: Record<string, string>];

/**
 * Signs `username` in through every password scheme of the demo at `baseUrl`
 * (password bearer, `snipe` realm, JSON-RPC, gRPC gateway): one credential of
 * each that signed in (a login shed under load, say, gives none).
 */
export async function signInEverywhere(
  baseUrl: string,
  username: string,
  password: string,
): Promise<Credential[]> {
  const realm = await request(`${baseUrl}/snipe/access_token`, {
    body: { login: username, password },
  });
  const login = await request(`${baseUrl}/api/user/login`, {
    headers: { country: 'ru' },
    body: { username, password, direction: 'pharma' },
  });
  const rpc = await request(`${baseUrl}/jsonrpc`, {
    body: { jsonrpc: '2.0', id: 1, method: 'Core.login', params: { username, password } },
  });
  const session = await request(`${baseUrl}/grpc`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    },
    body: {
      method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
      data: { user_name: username, password },
    },
  });
  const signedIn: Array<[string, string, unknown]> = [
    ['/snipe/me', 'X-Access-Token', realm.body?.access_token],
    ['/api/user/me', 'Authorization', login.body?.access_token],
    ['/jsonrpc/me', 'Authorization', rpc.body?.result?.token],
    ['/grpc/whoami', 'Authorization', session.body?.token_value],
  ];
  return signedIn
    .filter((entry): entry is [string, string, string] => typeof entry[2] === 'string')
    .map(([path, header, token]) => [
      path,
      { [header]: header === 'Authorization' ? `Bearer ${token}` : token },
    ]);
}

/** Each credential's path and the status it gets now. */
export async function statusesOf(
  baseUrl: string,
  credentials: Credential[],
): Promise<Array<[string, number]>> {
  const statuses: Array<[string, number]> = [];
  for (const [path, headers] of credentials)
    statuses.push([path, (await request(`${baseUrl}${path}`, { headers })).status]);
  return statuses;
}
