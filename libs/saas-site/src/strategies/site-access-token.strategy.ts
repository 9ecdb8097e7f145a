import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthContext } from '@authkit/core';
import type { User } from '@authkit/identity';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { saasPrincipal, SITE_ACCESS_TOKEN_STRATEGY } from '../saas-principal';
import { SiteAuthService } from '../site-auth.service';

/** `X-Site-Access-Token: <id>:<secret>`: a 15-minute token the site minted. */
@Injectable()
export class SiteAccessTokenStrategy extends PassportStrategy(Strategy, SITE_ACCESS_TOKEN_STRATEGY) {
  constructor(
    private readonly sites: SiteAuthService,
    private readonly context: AuthContext,
  ) {
    super();
  }

  async validate(request: Request): Promise<User | false> {
    const site = await this.sites.verifyAccessToken(request.headers['x-site-access-token']);
    if (!site) return false;
    this.context.setPrincipal(saasPrincipal(SITE_ACCESS_TOKEN_STRATEGY, site));
    return site.team.user;
  }
}
