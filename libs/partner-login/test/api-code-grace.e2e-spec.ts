import { Controller, Get } from '@nestjs/common';
import {
  ApiCodeService,
  CurrentPartnerSessionPrincipal,
  makeLoginToken,
  partnerLoginEntities,
  partnerLoginMigrations,
  PartnerLoginModule,
  PartnerLoginPurgeJob,
  type PartnerSessionPrincipal,
  UsePartnerSessionAuth,
} from '@authkit/partner-login';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { call, jsonRpc } from '../../../test/support/jsonrpc-client';
import { factories } from '../../../test/support/factories';
import { request } from '../../../test/support/http';

@Controller('partner')
class SessionOwnerController {
  @Get('me')
  @UsePartnerSessionAuth()
  me(@CurrentPartnerSessionPrincipal() session: PartnerSessionPrincipal) {
    return { username: session.user.username, api_code: session.apiCode };
  }
}

const TEN_MINUTES = 10 * 60 * 1000;
const AUTH_FAILED = -32001;

/**
 * `ApiCodeService.rotateSecret(code, graceMs)` in a host of its own, on a manual clock: login
 * tokens sealed with the previous secret open sessions until the window ends, and those
 * sessions (cached or not) end with it; without a window every session of the code ends at
 * once; the purge job closes ended windows, once; a leaked previous secret ends its window.
 */
describe('partner login: API-code rotation with a grace window', () => {
  let t: HostApp;
  let codes: ApiCodeService;
  const CODE = 'ROTATE01';
  let secret: string;

  beforeAll(async () => {
    t = await startHostApp({
      label: 'api_code_grace',
      entities: partnerLoginEntities,
      migrations: partnerLoginMigrations,
      imports: [
        PartnerLoginModule.forRoot({
          masterSecret: 'a host master secret, thirty-two bytes or more',
        }),
      ],
      controllers: [SessionOwnerController],
    });
    await factories(t.app).user({ username: 'ayse', password: 'ayse-pw' });
    codes = t.app.get(ApiCodeService);
    secret = (await codes.create(CODE)).secret;
  });
  afterAll(() => t.close());

  /** A session token, or the JSON-RPC error code of the refused login. */
  const signIn = async (sealedWith: string): Promise<string | number> => {
    const token = makeLoginToken(
      {
        username: 'ayse',
        exp: Math.floor(t.clock.now().getTime() / 1000) + 3,
        remote_ip: '127.0.0.1',
      },
      CODE,
      sealedWith,
    );
    const { body } = await jsonRpc(
      t.baseUrl,
      call('Core.token_login', { token_: token, code_: CODE }),
    );
    return body.result?.token ?? body.error.code;
  };
  /** The session's status on a host route, twice (the second from the credential cache). */
  const statusesOf = async (session: string) => {
    const seen: number[] = [];
    for (let pass = 0; pass < 2; pass++)
      seen.push(
        (
          await request(`${t.baseUrl}/partner/me`, {
            headers: { Authorization: `Bearer ${session}` },
          })
        ).status,
      );
    return seen;
  };

  it('signs in with either secret during the window; the previous one’s sessions end with it', async () => {
    const before = (await signIn(secret)) as string;
    const rotated = await codes.rotateSecret(CODE, TEN_MINUTES);
    expect(rotated.graceEndsAt).toEqual(new Date(t.clock.now().getTime() + TEN_MINUTES));
    const during = (await signIn(secret)) as string;
    const fresh = (await signIn(rotated.secret)) as string;
    for (const session of [before, during, fresh])
      expect(await statusesOf(session)).toEqual([200, 200]);

    t.clock.advance(TEN_MINUTES);
    expect(await statusesOf(before)).toEqual([401, 401]);
    expect(await statusesOf(during)).toEqual([401, 401]);
    expect(await signIn(secret)).toBe(AUTH_FAILED);
    expect(await statusesOf(fresh)).toEqual([200, 200]);
    expect(typeof (await signIn(rotated.secret))).toBe('string');

    expect(await t.app.get(PartnerLoginPurgeJob).runOnce()).toBeGreaterThanOrEqual(1);
    expect(await codes.closeEndedGraceWindows()).toEqual([]);
    const [row] = await t.db.query<{ previous: string | null; ends: Date | null }>(
      `SELECT previous_secret_sealed AS previous, grace_ends_at AS ends FROM partner_api_code WHERE code = $1`,
      [CODE],
    );
    expect(row).toEqual({ previous: null, ends: null });
    secret = rotated.secret;
  });

  it('without a window every session of the code ends at once', async () => {
    const session = (await signIn(secret)) as string;
    expect(await statusesOf(session)).toEqual([200, 200]);
    const rotated = await codes.rotateSecret(CODE);
    expect(rotated.graceEndsAt).toBeNull();
    expect(await statusesOf(session)).toEqual([401, 401]);
    expect(await signIn(secret)).toBe(AUTH_FAILED);
    secret = rotated.secret;
  });

  it('a leaked previous secret ends its window at once; the current one goes on', async () => {
    const rotated = await codes.rotateSecret(CODE, TEN_MINUTES);
    const session = (await signIn(secret)) as string;
    expect(await statusesOf(session)).toEqual([200, 200]);
    expect(await codes.revokeLeakedSecret(secret)).toBe(CODE);
    expect(await statusesOf(session)).toEqual([401, 401]);
    expect(await signIn(secret)).toBe(AUTH_FAILED);
    expect(typeof (await signIn(rotated.secret))).toBe('string');
  });
});
