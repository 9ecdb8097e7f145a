import { type HttpRequestLike, andThen, type MaybePromise } from '@authkit/core/internal';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { SaasPrincipal, saasPrincipal, SITE_ACCESS_TOKEN_STRATEGY } from '../saas-principal';
import { SiteAuthService } from '../site-auth.service';

/** `X-Site-Access-Token: <id>:<secret>`: a 15-minute token the site minted. */
@Injectable()
export class SiteAccessTokenStrategy extends PassportStrategy(
  Strategy,
  SITE_ACCESS_TOKEN_STRATEGY,
) {
  constructor(private readonly sites: SiteAuthService) {
    super();
  }

  validate(request: HttpRequestLike): MaybePromise<SaasPrincipal | false> {
    return andThen(this.sites.verifyAccessToken(request.headers['x-site-access-token']), (site) =>
      site ? saasPrincipal(SITE_ACCESS_TOKEN_STRATEGY, site) : false,
    );
  }
}
