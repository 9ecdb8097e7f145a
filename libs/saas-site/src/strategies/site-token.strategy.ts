import { type HttpRequestLike, andThen, type MaybePromise } from '@authkit/core/internal';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { SaasPrincipal, saasPrincipal, SITE_TOKEN_STRATEGY } from '../saas-principal';
import { SiteAuthService } from '../site-auth.service';

/** `X-Site` + `X-Site-Token`: the site's communication secret. */
@Injectable()
export class SiteTokenStrategy extends PassportStrategy(Strategy, SITE_TOKEN_STRATEGY) {
  constructor(private readonly sites: SiteAuthService) {
    super();
  }

  validate(request: HttpRequestLike): MaybePromise<SaasPrincipal | false> {
    return andThen(
      this.sites.verifySiteToken(request.headers['x-site'], request.headers['x-site-token']),
      (site) => (site ? saasPrincipal(SITE_TOKEN_STRATEGY, site) : false),
    );
  }
}
