import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UserService } from '@authkit/identity';
import { Controller, Get } from '@nestjs/common';
import {
  ApiAppService,
  CurrentTokenRealmPrincipal,
  type TokenRealmPrincipal,
  UseTokenRealmAuth,
  tokenRealmEntities,
  tokenRealmMigrations,
  TokenRealmModule,
} from '@authkit/token-realm';
import { factories } from '../../../test/support/factories';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { expectApiError, request } from '../../../test/support/http';

/**
 * RFC 7662 (introspection) and RFC 7009 (revocation) on a realm, spoken by an
 * independent client: Python's standard library, form-encoded as the RFCs'
 * examples, HTTP Basic for the client. Two instances share the database.
 */
const RFC_CLIENT = `
import base64, json, sys, urllib.error, urllib.parse, urllib.request
url, client, secret, token, hint = sys.argv[1:6]
request = urllib.request.Request(url, data=urllib.parse.urlencode({"token": token, "token_type_hint": hint}).encode(), method="POST")
request.add_header("Content-Type", "application/x-www-form-urlencoded")
if client:
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{client}:{secret}".encode()).decode())
try:
    with urllib.request.urlopen(request) as answer:
        print(json.dumps({"status": answer.status, "text": answer.read().decode()}))
except urllib.error.HTTPError as refused:
    print(json.dumps({"status": refused.code, "text": refused.read().decode(), "challenge": refused.headers.get("WWW-Authenticate")}))
`;

interface RfcAnswer {
  status: number;
  text: string;
  challenge?: string;
}

const host = (db?: HostApp['db']) =>
  startHostApp({
    label: 'introspection',
    db,
    entities: tokenRealmEntities,
    migrations: tokenRealmMigrations,
    imports: [TokenRealmModule.register({ realm: 'partners', grants: ['password', 'app'] })],
    controllers: [PartnerMeController],
  });

/** A route of the host's behind the realm, where a verified token is cached. */
@Controller('partners')
class PartnerMeController {
  @Get('me')
  @UseTokenRealmAuth('partners')
  me(@CurrentTokenRealmPrincipal() principal: TokenRealmPrincipal) {
    return { family: principal.familyId };
  }
}

describe('token realm: introspection (RFC 7662) and revocation (RFC 7009), two instances', () => {
  let a: HostApp;
  let b: HostApp;
  let resourceServer: { id: number; secret: string };
  let client: { id: number; secret: string };

  beforeAll(async () => {
    a = await host();
    b = await host(a.db);
    const given = factories(a.app);
    await given.user({ username: 'ann', password: 'ann-password' });
    await given.user({ username: 'bob', password: 'bob-password' });
    resourceServer = await given.app('resource server');
    client = await given.app('front end');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const rfc = async (
    base: string,
    endpoint: 'introspect' | 'revoke',
    token: string,
    hint = 'access_token',
    as: { id: number; secret: string } | null = resourceServer,
  ): Promise<RfcAnswer> => {
    const { stdout } = await promisify(execFile)('python3', [
      '-c',
      RFC_CLIENT,
      `${base}/partners/${endpoint}`,
      as ? String(as.id) : '',
      as?.secret ?? '',
      token,
      hint,
    ]);
    return JSON.parse(stdout) as RfcAnswer;
  };
  const signIn = async (username: string) =>
    (
      await request(`${a.baseUrl}/partners/access_token`, {
        body: { login: username, password: `${username}-password` },
      })
    ).body as { access_token: string; refresh_token: string; user_id: number };
  const appSignIn = async (app: { id: number; secret: string }) =>
    (
      await request(`${a.baseUrl}/partners/access_token`, {
        body: { app_id: app.id, app_secret: app.secret },
      })
    ).body as { access_token: string; refresh_token: string };
  const works = async (base: string, token: string) =>
    (
      await request(`${base}/partners/introspect`, {
        headers: {
          Authorization: `Basic ${Buffer.from(`${resourceServer.id}:${resourceServer.secret}`).toString('base64')}`,
        },
        body: { token },
      })
    ).body.active as boolean;
  /** Within 1 s on every instance (the revocation bus's promise), on a route of the host's that may have it cached. */
  const deadOnBothWithinASecond = async (token: string) => {
    for (const base of [a.baseUrl, b.baseUrl]) {
      const deadline = Date.now() + 1000;
      let status = 0;
      do {
        status = (await request(`${base}/partners/me`, { headers: { 'X-Access-Token': token } }))
          .status;
        if (status === 401) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } while (Date.now() < deadline);
      expect(status).toBe(401);
      expect(await works(base, token)).toBe(false);
    }
  };

  it("introspects a user's access and refresh tokens as RFC 7662 says, times in unix seconds", async () => {
    const pair = await signIn('ann');
    const now = Math.floor(a.clock.now().getTime() / 1000);
    const access = await rfc(a.baseUrl, 'introspect', pair.access_token);
    expect(access.status).toBe(200);
    expect(JSON.parse(access.text)).toEqual({
      active: true,
      token_type: 'access_token',
      realm: 'partners',
      sub: String(pair.user_id),
      username: 'ann',
      exp: now + 3600,
      iat: now,
    });
    const refresh = JSON.parse(
      (await rfc(b.baseUrl, 'introspect', pair.refresh_token, 'refresh_token')).text,
    );
    expect(refresh).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      sub: String(pair.user_id),
      iat: now,
    });
    expect(refresh.exp).toBeGreaterThan(now + 3600);
    // A wrong hint changes nothing: both kinds are looked up.
    expect(
      JSON.parse((await rfc(a.baseUrl, 'introspect', pair.refresh_token, 'access_token')).text)
        .active,
    ).toBe(true);
  });

  it("introspects an app's token with its client_id as the subject, and no username", async () => {
    const pair = await appSignIn(client);
    const answer = JSON.parse((await rfc(a.baseUrl, 'introspect', pair.access_token)).text);
    expect(answer).toEqual({
      active: true,
      token_type: 'access_token',
      realm: 'partners',
      sub: String(client.id),
      client_id: String(client.id),
      exp: expect.any(Number),
      iat: expect.any(Number),
    });
  });

  it('answers exactly {"active": false} for every token that does not work, whatever the reason', async () => {
    const used = await signIn('bob');
    await request(`${a.baseUrl}/partners/refresh_token`, {
      body: { refresh_token: used.refresh_token },
    });
    const revoked = await signIn('bob');
    await request(`${a.baseUrl}/partners/revoke_token`, { body: { token: revoked.access_token } });
    const expiring = await signIn('bob');
    const disabled = await signIn('bob');
    const inactive = [
      'access_' + 'x'.repeat(49),
      'not a token at all',
      used.refresh_token,
      revoked.access_token,
      revoked.refresh_token,
    ];
    for (const token of inactive) {
      const answer = await rfc(a.baseUrl, 'introspect', token);
      expect([token, answer.status, answer.text]).toEqual([token, 200, '{"active":false}']);
    }
    a.clock.advance(3600_000);
    b.clock.advance(3600_000);
    expect((await rfc(b.baseUrl, 'introspect', expiring.access_token)).text).toBe(
      '{"active":false}',
    );
    a.clock.advance(-3600_000);
    b.clock.advance(-3600_000);
    await a.app.get(UserService).setEnabled('bob', false);
    expect((await rfc(a.baseUrl, 'introspect', disabled.refresh_token)).text).toBe(
      '{"active":false}',
    );
    await a.app.get(UserService).setEnabled('bob', true);
  });

  it('refuses callers without valid app credentials: 401 with a Basic challenge, and says nothing of the token', async () => {
    const pair = await signIn('ann');
    const disabledApp = await factories(a.app).app('switched off');
    await a.app.get(ApiAppService).setEnabled(disabledApp.id, false);
    for (const as of [
      null,
      { id: resourceServer.id, secret: 'app_wrong' },
      { id: 999_999, secret: resourceServer.secret },
      disabledApp,
    ]) {
      const answer = await rfc(a.baseUrl, 'introspect', pair.access_token, 'access_token', as);
      expect(answer.status).toBe(401);
      expect(answer.challenge).toBe('Basic realm="partners"');
      expect(answer.text).not.toContain('active');
    }
    const bearer = await request(`${a.baseUrl}/partners/introspect`, {
      headers: { Authorization: `Bearer ${pair.access_token}` },
      body: { token: pair.access_token },
    });
    expectApiError(bearer, 401, 'invalid_credentials');
  });

  it("an app revokes its own token's login on both instances within a second; unknown and others' tokens get the same 200", async () => {
    const own = await appSignIn(client);
    const anns = await signIn('ann');
    for (const token of ['refresh_' + 'y'.repeat(49), 'garbage', anns.refresh_token]) {
      const answer = await rfc(a.baseUrl, 'revoke', token, 'refresh_token', client);
      expect([answer.status, answer.text]).toEqual([200, '{}']);
    }
    expect(await works(b.baseUrl, anns.access_token)).toBe(true);
    for (const base of [a.baseUrl, b.baseUrl])
      // verified, so cached, on both before the revocation
      expect(
        (await request(`${base}/partners/me`, { headers: { 'X-Access-Token': own.access_token } }))
          .status,
      ).toBe(200);
    const answer = await rfc(b.baseUrl, 'revoke', own.refresh_token, 'refresh_token', client);
    expect([answer.status, answer.text]).toEqual([200, '{}']);
    await deadOnBothWithinASecond(own.access_token);
    expect(await works(a.baseUrl, own.refresh_token)).toBe(false);
  });

  it("the holder revokes its own login with X-Access-Token, and nobody else's", async () => {
    const anns = await signIn('ann');
    const bobs = await signIn('bob');
    const notHis = await request(`${a.baseUrl}/partners/revoke`, {
      headers: { 'X-Access-Token': bobs.access_token },
      body: { token: anns.refresh_token },
    });
    expect([notHis.status, notHis.body]).toEqual([200, {}]);
    expect(await works(a.baseUrl, anns.access_token)).toBe(true);
    const own = await request(`${b.baseUrl}/partners/revoke`, {
      headers: {
        'X-Access-Token': anns.access_token,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `token=${anns.refresh_token}&token_type_hint=refresh_token`,
    });
    expect([own.status, own.body]).toEqual([200, {}]);
    await deadOnBothWithinASecond(anns.access_token);
    const nobody = await rfc(a.baseUrl, 'revoke', bobs.refresh_token, 'refresh_token', null);
    expect(nobody.status).toBe(401);
    expect(await works(a.baseUrl, bobs.access_token)).toBe(true);
  });
});
