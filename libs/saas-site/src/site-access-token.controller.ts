import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  loginAccount,
  LoginEndpoint,
  ApiOkResponse,
  type HttpRequestLike,
} from '@authkit/core/internal';
import { SaasContext } from './saas-context';
import { SiteAuthService } from './site-auth.service';
import { WhitelistSaasApi } from './whitelist-saas-api.decorator';

/** Mounted by SaasSiteModule under its `methodPrefix` (`api/method` by default). */
@Controller() // the path is the module's: see mountController
export class SiteAccessTokenController {
  constructor(
    private readonly sites: SiteAuthService,
    private readonly context: SaasContext,
  ) {}

  /** Mints a 15-minute `<id>:<secret>` access token. Only the site token may (403 for an access token). */
  @Post('jcloude.saas.api.auth.generate_access_token')
  @HttpCode(HttpStatus.OK)
  @WhitelistSaasApi()
  @LoginEndpoint({ account: siteAccount, credential: 'secret' })
  @ApiOkResponse({
    schema: { example: { message: 'fbk23eva6k:3e2882eff23d4145ddfefaebf5ac6135' } },
  })
  async generateAccessToken(): Promise<{ message: string }> {
    const { token } = await this.sites.mintAccessToken(this.context.principal);
    return { message: token };
  }
}

/** The token endpoint is throttled per site as well as per address. */
function siteAccount(request: HttpRequestLike): string | undefined {
  const site = request.headers['x-site'];
  return typeof site === 'string' && site !== '' ? loginAccount('site', site) : undefined;
}
