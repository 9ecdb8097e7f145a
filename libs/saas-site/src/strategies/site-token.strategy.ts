import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthContext } from '@authkit/core';
import type { User } from '@authkit/identity';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { saasPrincipal, SITE_TOKEN_STRATEGY } from '../saas-principal';
import { SiteAuthService } from '../site-auth.service';

/** `X-Site` + `X-Site-Token`: the site's communication secret. */
@Injectable()
export class SiteTokenStrategy extends PassportStrategy(Strategy, SITE_TOKEN_STRATEGY) {
  constructor(
    private readonly sites: SiteAuthService,
    private readonly context: AuthContext,
  ) {
    super();
  }

  async validate(request: Request): Promise<User | false> {
    const site = await this.sites.verifySiteToken(request.headers['x-site'], request.headers['x-site-token']);
    if (!site) return false;
    this.context.setPrincipal(saasPrincipal(SITE_TOKEN_STRATEGY, site));
    return site.team.user;
  }
}
